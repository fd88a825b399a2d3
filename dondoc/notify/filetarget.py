"""An Apprise target that appends notifications to a text file under DONDOC_HOME, so a demo
shows what would be sent without any mail server: DONDOC_NOTIFY_REDIRECT=dondocfile://

`dondocfile://` writes DONDOC_HOME/notifications.txt; `dondocfile://demo/out.txt` writes
DONDOC_HOME/demo/out.txt. Importing this module registers the schema with Apprise."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from apprise.decorators import notify

from dondoc.record.clock import format_datetime, now
from dondoc.record.settings import Settings

SCHEMA = "dondocfile"
DEFAULT_NAME = "notifications.txt"
_lock = threading.Lock()  # Apprise sends from a thread pool: keep each message whole


def target_path(meta: dict[str, Any]) -> Path:
    # Apprise parses dondocfile://a/b.txt as host "a" and path "/b.txt"
    relative = (meta.get("host") or "") + (meta.get("fullpath") or "")
    parts = [p for p in relative.split("/") if p and p != ".."]
    home = Settings.from_env().home
    return home.joinpath(*parts) if parts else home / DEFAULT_NAME


@notify(on=SCHEMA, name="dondoc: tệp văn bản")
def write_notification(
    body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any
) -> bool:
    path = target_path(meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    block = f"===== {format_datetime(now())} =====\n{title}\n\n{body.rstrip()}\n\n"
    with _lock, path.open("a", encoding="utf-8") as handle:
        handle.write(block)
    return True
