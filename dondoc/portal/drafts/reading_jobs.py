"""Scans read in the background of the portal process: the upload is answered at once with a
draft "đang đọc", and one reader thread reads it page by page, writing its progress on the draft
row (so any portal process, and a reload, shows it), then the drafted spec or the reason it failed.

One thread per process is enough: OCR of one document already keeps every core busy (a
Tesseract process per page), and a queue of scans is read in turn rather than all at once
half as fast. The state lives in the database, not in the thread: a reader lost with its process
leaves a draft whose progress stops, which `drafts.stalled` turns into a failure to re-upload."""

from __future__ import annotations

import logging
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from dondoc.context import Context
from dondoc.directives import drafts
from dondoc.directives.registry import registry_from_db
from dondoc.documents import Cancelled, read_document
from dondoc.draft.arrival import draft_document, reading_of
from dondoc.record import clock
from dondoc.record.errors import DondocError

log = logging.getLogger(__name__)
_reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dondoc-read")
# set while the portal stops: a read in progress ends after its current pages instead of holding
# the process for minutes, and its draft says why
_stopping = threading.Event()
STOPPED = "máy chủ cổng thông tin dừng khi đang đọc tệp: tải tệp lên lại"


def start() -> None:
    _stopping.clear()


def stop() -> None:
    _stopping.set()


def submit(ctx: Context, *, draft_id: int, stored: Path, filename: str) -> Future[None]:
    return _reader.submit(_read, ctx, draft_id, stored, filename)


def _read(ctx: Context, draft_id: int, stored: Path, filename: str) -> None:
    try:
        spec, reading = _drafted(ctx, draft_id, stored, filename)
    except Cancelled:
        _fail(ctx, draft_id, STOPPED)
        return
    except DondocError as exc:
        _fail(ctx, draft_id, str(exc))
        return
    except Exception as exc:  # the reader must leave the draft in a final state, whatever happened
        log.exception("reading draft %s (%s) failed", draft_id, filename)
        _fail(ctx, draft_id, f"{filename}: lỗi không mong đợi khi đọc tệp ({type(exc).__name__})")
        return
    with ctx.session() as session:
        drafts.finish_reading(session, draft_id=draft_id, spec=spec, reading=reading, now=clock.now())


def _drafted(ctx: Context, draft_id: int, stored: Path, filename: str) -> tuple[dict, dict]:
    def progress(done: int, total: int) -> None:
        if _stopping.is_set():
            raise Cancelled
        with ctx.session() as session:
            drafts.note_progress(session, draft_id=draft_id, done=done, total=total, now=clock.now())

    if _stopping.is_set():
        raise Cancelled
    # read under its own name in a private folder, so that messages name the file, not the store
    with tempfile.TemporaryDirectory(prefix="dondoc-read-") as folder:
        path = Path(folder) / filename
        path.write_bytes(stored.read_bytes())
        try:
            document = read_document(path, progress=progress)
        except DondocError as exc:
            raise DondocError(str(exc).replace(str(path), filename)) from exc
    with ctx.session() as session:
        registry = registry_from_db(session)
    drafted = draft_document(document, registry, ctx.calendar, source=filename)
    return drafted.as_spec(), reading_of(document)


def _fail(ctx: Context, draft_id: int, message: str) -> None:
    with ctx.session() as session:
        drafts.fail_reading(session, draft_id=draft_id, message=message, now=clock.now())
