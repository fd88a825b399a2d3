"""Where a notification goes: the recipient's Apprise URLs with ${VAR} read from the environment
at send time (secrets never sit in config or the database), or the one redirect target."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
REDIRECT_ENV = "DONDOC_NOTIFY_REDIRECT"


class MissingVariable(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(f"biến môi trường {name} chưa được đặt")
        self.name = name


def expand(url: str) -> str:
    """Substitute ${VAR}; values are percent-encoded so a password with '@' or '/' stays one
    URL component."""

    def value(match: re.Match[str]) -> str:
        found = os.environ.get(match.group(1))
        if found is None:
            raise MissingVariable(match.group(1))
        return quote(found, safe="")

    return _VARIABLE.sub(value, url)


@dataclass(frozen=True)
class Route:
    urls: list[str]
    title_prefix: str  # names the intended recipient when redirected


def route(notify: list[str], *, recipient_code: str, recipient_name: str) -> Route:
    """The URLs to send to. With DONDOC_NOTIFY_REDIRECT set (staging, demos, acceptance tests)
    everything goes to that one target instead, the title keeping who it was meant for."""
    redirect = os.environ.get(REDIRECT_ENV)
    if redirect:
        return Route([expand(redirect)], f"[Gửi {recipient_name} ({recipient_code})] ")
    return Route([expand(url) for url in notify], "")
