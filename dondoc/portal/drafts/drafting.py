"""A directive registered from the portal, once for the web form and the REST API: draft it from
an uploaded document (or pasted text, or a YAML spec), save it as it is reviewed, register it
through the `intake` flow that `dondoc load` runs, or open a registered one again to edit it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import select

from dondoc.context import Context
from dondoc.directives import drafts
from dondoc.directives.drafts import Document, DraftStatus, SpecDraft
from dondoc.directives.registry import registry_from_db
from dondoc.directives.versions import SpecVersion, version_of
from dondoc.documents import SUFFIXES as SLOW_SUFFIXES
from dondoc.documents import is_slow
from dondoc.draft import draft_file
from dondoc.portal.deps import CoordinatorsOnly
from dondoc.portal.drafts import reading_jobs, uploads
from dondoc.portal.drafts.checks import Checked, check, plan_of
from dondoc.portal.drafts.time_limit import draft_spec_within
from dondoc.portal.drafts.uploads import CheckedDocument
from dondoc.record import clock
from dondoc.record.errors import Conflict, DondocError, NotFound, SpecError
from dondoc.record.models import Directive
from dondoc.record.roles import require_coordinator
from dondoc.record.text import strip_diacritics
from dondoc.record.yamlsrc import load_yaml
from dondoc.work.access import Principal


@dataclass
class DraftState:
    draft: SpecDraft
    checked: Checked


@dataclass(frozen=True)
class Registered:
    directive_id: int
    number: str
    status: str
    subtasks: int
    flow_run_id: str


DRAFTING = CoordinatorsOnly("soạn và đăng ký văn bản")


def _for_coordinators(principal: Principal) -> None:
    """Every service here is a coordinator's, whichever route calls it."""
    require_coordinator(principal, DRAFTING.refusal)


def state(ctx: Context, principal: Principal, draft_id: int) -> DraftState:
    _for_coordinators(principal)
    with ctx.session() as session:
        draft = drafts.get_draft(session, draft_id)
        if drafts.stalled(draft, clock.now()):
            drafts.fail_reading(session, draft_id=draft_id, message=drafts.STALLED, now=clock.now())
        if draft.status in (DraftStatus.READING, DraftStatus.FAILED):
            return DraftState(draft, Checked([], []))
        return DraftState(draft, check(ctx, session, draft))


def _read(upload: CheckedDocument, ctx: Context) -> dict[str, Any]:
    """The spec the upload gives: the drafter's reading of a document, or the YAML as written.
    The file is read from a private folder under its own name, so messages name it, not the folder."""
    with tempfile.TemporaryDirectory(prefix="dondoc-upload-") as folder:
        path = Path(folder) / upload.document.filename
        path.write_bytes(upload.data)
        try:
            if upload.is_spec:
                data = load_yaml(path)
                if not isinstance(data, dict):
                    raise DondocError(f"{upload.document.filename}: cần một văn bản (bảng khóa: giá trị)")
                return dict(data)
            with ctx.session() as session:
                registry = registry_from_db(session)
            return draft_spec_within(
                draft_file, path, registry, ctx.calendar, source=upload.document.filename
            )
        except SpecError as exc:
            for problem in exc.problems:
                problem.file = upload.document.filename
            raise SpecError(exc.problems) from exc
        except DondocError as exc:
            raise DondocError(str(exc).replace(str(path), upload.document.filename)) from exc


def _slow(upload: CheckedDocument) -> bool:
    """A scan, a photo or an edXML package: read by OCR, page by page, in the background."""
    if upload.is_spec or upload.suffix not in SLOW_SUFFIXES:
        return False
    with tempfile.TemporaryDirectory(prefix="dondoc-upload-") as folder:
        path = Path(folder) / upload.document.filename
        path.write_bytes(upload.data)
        return is_slow(path)


def _start_reading(ctx: Context, principal: Principal, upload: CheckedDocument, *, source: str) -> DraftState:
    stored = uploads.keep(ctx.settings.home, upload)
    with ctx.session() as session:
        draft = drafts.start_reading(
            session, actor=principal.actor(source), now=clock.now(), document=upload.document
        )
    assert draft.id is not None
    reading_jobs.submit(ctx, draft_id=draft.id, stored=stored, filename=upload.document.filename)
    return DraftState(draft, Checked([], []))


def new_draft(ctx: Context, principal: Principal, upload: CheckedDocument, *, source: str) -> DraftState:
    """The draft of an upload: drafted now, or, for a scan, one "đang đọc" read in the background."""
    _for_coordinators(principal)
    if _slow(upload):
        return _start_reading(ctx, principal, upload, source=source)
    spec = _read(upload, ctx)
    uploads.keep(ctx.settings.home, upload)
    now = clock.now()
    with ctx.session() as session:
        draft = drafts.create_draft(
            session, spec=spec, actor=principal.actor(source), now=now, document=upload.document
        )
        return DraftState(draft, check(ctx, session, draft))


def save(
    ctx: Context, principal: Principal, draft_id: int, spec: dict[str, Any], *, source: str
) -> DraftState:
    _for_coordinators(principal)
    with ctx.session() as session:
        draft = drafts.save_draft(
            session, draft_id=draft_id, spec=spec, actor=principal.actor(source), now=clock.now()
        )
        return DraftState(draft, check(ctx, session, draft))


def discard(ctx: Context, principal: Principal, draft_id: int, *, source: str) -> None:
    _for_coordinators(principal)
    with ctx.session() as session:
        drafts.discard_draft(session, draft_id=draft_id, actor=principal.actor(source), now=clock.now())


def edit(ctx: Context, principal: Principal, directive_id: int, *, source: str) -> int:
    """The draft that edits a registered directive: the open one, or a new one on its latest spec."""
    _for_coordinators(principal)
    with ctx.session() as session:
        draft = drafts.edit_draft(
            session, directive_id=directive_id, actor=principal.actor(source), now=clock.now()
        )
        assert draft.id is not None
        return draft.id


def _refuse_conflicts(ctx: Context, draft: SpecDraft, number: str, spec_hash: str) -> None:
    """A new draft may not silently overwrite another registration; an edit may not overwrite
    an update made since it was opened."""
    with ctx.session() as session:
        existing = session.exec(select(Directive).where(Directive.number == number)).first()
        if draft.directive_id is None and existing is not None and existing.spec_hash != spec_hash:
            raise Conflict(
                f"văn bản {number} đã được đăng ký với nội dung khác: mở văn bản đó và chọn 'Sửa văn bản'"
            )
        if draft.directive_id is not None and draft.base_version is not None:
            latest = version_of(session, draft.directive_id)
            if latest.version != draft.base_version:
                raise Conflict(
                    f"văn bản {number} đã được cập nhật (phiên bản {latest.version}) sau khi bản nháp này "
                    f"được mở từ phiên bản {draft.base_version}: bỏ bản nháp và sửa lại từ bản mới"
                )


def run_intake(path: Path, *, update: bool, actor: str, source: str) -> dict[str, Any]:
    """The `intake` flow run, as `dondoc load` runs it. Prefect is imported here, on first use,
    so the portal starts (and its tests run) without loading it."""
    from flows.intake import register

    return register(str(path), update=update, actor=actor, now=clock.now().isoformat(), source=source)


def register(ctx: Context, principal: Principal, draft_id: int, *, source: str) -> Registered:
    """Check the draft as `dondoc load` would (SpecError, nothing written), write it as a spec
    file kept by hash, and register that file through the intake flow."""
    _for_coordinators(principal)
    with ctx.session() as session:
        draft = drafts.open_draft(session, draft_id)
        plan = plan_of(ctx, session, draft)
    number = plan.spec.number
    _refuse_conflicts(ctx, draft, number, plan.spec_hash)
    when = clock.format_datetime(clock.now())
    text = drafts.spec_as_yaml(
        draft.spec,
        comment=f"Văn bản {number}: đăng ký từ cổng thông tin ({principal.code}, {when}).\n"
        "Nạp lại bằng: dondoc load <tệp> (thêm --update nếu văn bản đã đăng ký với nội dung khác).",
    )
    # kept by hash with the uploads: the flow reads it, and the version keeps its text
    path = uploads.keep(ctx.settings.home, uploads.spec_file(f"{_slug(number)}.yaml", text))
    result = run_intake(path, update=draft.directive_id is not None, actor=principal.code, source=source)
    with ctx.session() as session:
        drafts.mark_registered(
            session,
            draft_id=draft_id,
            directive_id=result["directive_id"],
            flow_run_id=result["flow_run_id"],
            now=clock.now(),
        )
    return Registered(
        result["directive_id"], number, result["status"], result["subtasks"], result["flow_run_id"]
    )


def _slug(number: str) -> str:
    """An ASCII file name for a number ("125-KL/HU" -> "125-KL-HU"), safe in any header."""
    plain = strip_diacritics(number)
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in plain).strip("-") or "van-ban"


def spec_download(
    ctx: Context, principal: Principal, directive_id: int, version: int | None
) -> tuple[str, str]:
    """The file name and YAML text of a registered version (the latest when `version` is None)."""
    _for_coordinators(principal)
    with ctx.session() as session:
        directive = session.get(Directive, directive_id)
        if directive is None:
            raise NotFound(f"không có văn bản #{directive_id}")
        kept: SpecVersion = version_of(session, directive_id, version)
    return f"{_slug(directive.number)}.v{kept.version}.yaml", kept.text


def document_of(ctx: Context, principal: Principal, draft_id: int) -> tuple[Path, Document]:
    """The uploaded file a draft was made from, as stored."""
    _for_coordinators(principal)
    with ctx.session() as session:
        draft = drafts.get_draft(session, draft_id)
    if not draft.document_sha256:
        raise NotFound(f"bản nháp #{draft_id} không có tệp gốc")
    document = Document(
        draft.document_sha256,
        draft.document_name or "tep",
        draft.document_type or "",
        draft.document_size or 0,
    )
    path = uploads.path_of(ctx.settings.home, draft.document_sha256)
    if path.is_file():
        return path, document
    raise NotFound(f"tệp gốc của bản nháp #{draft_id} không còn trên máy chủ")
