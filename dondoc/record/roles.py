"""The one role check: what only a coordinator may do, asked alike by the core's actions, the
portal's pages and API, and the CLI."""

from __future__ import annotations

from typing import Protocol

from dondoc.record.errors import Forbidden


class HasRole(Protocol):
    """An actor, a signed-in principal or an agency row: all say whether they coordinate."""

    @property
    def is_coordinator(self) -> bool: ...


def require_coordinator(who: HasRole, refusal: str) -> None:
    """A coordinator passes; anyone else is refused (403 on the web, exit 1 in the CLI) in the
    caller's words, which name what was refused."""
    if not who.is_coordinator:
        raise Forbidden(refusal)
