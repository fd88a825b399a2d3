"""Entry point of the `dondoc` console script: the app with every command group registered."""

from dondoc.cli import (
    agencies,  # noqa: F401  (registers agencies export)
    archive,  # noqa: F401  (registers export, import)
    digests,  # noqa: F401  (registers digest)
    directives,  # noqa: F401  (registers its commands)
    draft,  # noqa: F401  (registers draft)
    extensions,  # noqa: F401  (registers extend, approve-extension, reject-extension)
    notifications,  # noqa: F401  (registers its commands)
    portal,  # noqa: F401  (registers link, serve)
    replay,  # noqa: F401  (registers replay)
    reports,  # noqa: F401  (registers report)
    review,  # noqa: F401  (registers confirm, return)
)
from dondoc.cli.app import app

__all__ = ["app"]
