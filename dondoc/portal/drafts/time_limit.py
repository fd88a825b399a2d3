"""Drafting an uploaded document in a process of its own, stopped when it takes too long.

The drafter's time grows faster than a document's length (2,000 numbered lines: 20 s; 8,000:
over two minutes), so a file well under the size cap could hold a portal thread for minutes.
A thread cannot be stopped; a process can. It is forked from the portal's own process, which has
the drafter imported already, so it starts in milliseconds: a spawned or fork-server process
imports the main module again (the whole CLI under `dondoc serve`), seconds per upload. Python
re-initialises its own locks (imports, logging) in a forked child, and the child opens no
database connection: it reads the file, drafts, and writes one message to its pipe."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from dondoc.directives.registry import Registry
from dondoc.draft import Draft
from dondoc.record.errors import DondocError, SpecError
from dondoc.record.workcalendar import WorkCalendar

Drafter = Callable[..., Draft]
# a directive of a few hundred lines drafts in a second or two
DRAFT_SECONDS = 30.0
_PROCESSES = multiprocessing.get_context("fork")


def draft_spec_within(
    drafter: Drafter, path: Path, registry: Registry, calendar: WorkCalendar, *, source: str
) -> dict[str, Any]:
    """The spec `drafter` reads from the document at
    `path`, uploaded as `source`; or a DondocError naming it if that takes more than
    DRAFT_SECONDS (the process drafting it is then killed)."""
    receiver, sender = _PROCESSES.Pipe(duplex=False)
    worker = _PROCESSES.Process(
        target=_draft_into, args=(sender, drafter, path, registry, calendar, source), daemon=True
    )
    worker.start()
    sender.close()
    try:
        if not receiver.poll(DRAFT_SECONDS):
            raise DondocError(
                f"tệp '{source}': soạn nháp quá {DRAFT_SECONDS:.0f} giây, văn bản quá dài để đọc tự động; "
                "tách thành các văn bản ngắn hơn hoặc tải lên tệp YAML"
            )
        kind, value = receiver.recv()
    finally:
        receiver.close()
        worker.kill()
        worker.join()
    return _outcome(kind, value)


def _outcome(kind: str, value: Any) -> dict[str, Any]:
    if kind == "spec":
        return dict(value)
    if kind == "problems":
        raise SpecError(value)
    if kind == "refused":
        raise DondocError(value)
    raise RuntimeError(f"drafting failed in its process: {value}")


def _draft_into(
    sender: Connection, drafter: Drafter, path: Path, registry: Registry, calendar: WorkCalendar, source: str
) -> None:
    """In the drafting process: send back the spec, or what refused it (exceptions are sent as
    their parts: SpecError does not survive pickling whole)."""
    try:
        sender.send(("spec", drafter(path, registry, calendar, source=source).as_spec()))
    except SpecError as exc:
        sender.send(("problems", exc.problems))
    except DondocError as exc:
        sender.send(("refused", str(exc)))
    except Exception as exc:  # the parent turns it into the error it would have been in-process
        sender.send(("crashed", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()
