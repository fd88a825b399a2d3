"""Entry point of the `dondoc` console script: the app with every command group registered."""

from dondoc.cli import (
    archive,  # noqa: F401  (registers export, import)
    directives,  # noqa: F401  (registers its commands)
    draft,  # noqa: F401  (registers draft)
    notifications,  # noqa: F401  (registers its commands)
    portal,  # noqa: F401  (registers link, serve, confirm, return)
)
from dondoc.cli.app import app

__all__ = ["app"]
