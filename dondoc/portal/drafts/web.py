"""The coordinators' pages for registering a directive: "Văn bản mới" (upload or paste), the
review form of a draft (saved as it is edited, from dondoc/static/draft-form.js), registration,
editing a registered directive, and its spec as a YAML download."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from dondoc.context import Context
from dondoc.directives import drafts
from dondoc.directives.drafts import DraftStatus
from dondoc.directives.registry import registry_from_db
from dondoc.portal.deps import (
    ContextDep,
    WebSession,
    checked_form,
)
from dondoc.portal.drafts import drafting, uploads
from dondoc.portal.drafts.checks import Located, located
from dondoc.portal.drafts.drafting import DRAFTING, DraftState
from dondoc.portal.drafts.ocr_panel import ocr_summary
from dondoc.portal.errors import status_for
from dondoc.portal.received import Upload
from dondoc.portal.rendering import page
from dondoc.reading.names import agency_names
from dondoc.record import clock
from dondoc.record.enums import AgencyKind, DirectiveKind
from dondoc.record.errors import Conflict, DondocError, SpecError
from dondoc.record.text import fold, strip_diacritics

SOURCE = "web"
router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebSession, Depends(DRAFTING.page)]
# the review form's script: its session, and the CSRF token in a header
ScriptCoordinator = Annotated[WebSession, Depends(DRAFTING.script)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _json_error(status: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status)


# the checker's "closest names" for a body it does not know, with their codes: beside a picker that
# offers its own list as the clerk types, one list is enough
_NEAREST = re.compile(r"^(không có cơ quan '.*?'); gần nhất: .*$")


def _for_the_form(message: str) -> str:
    return _NEAREST.sub(r"\1: gõ tên để chọn trong danh mục, hoặc thêm cơ quan mới", message)


def _located(items: list[Located]) -> list[dict[str, str]]:
    return [{"path": i.path, "message": _for_the_form(i.message)} for i in items]


def _new_page(
    request: Request, ctx: Context, web: WebSession, *, error: str | None = None, status: int = 200
) -> Response:
    with ctx.session() as session:
        waiting = drafts.open_drafts(session)
        names = agency_names(session)
    return page(
        request,
        "draft_new.html",
        status,
        web=web,
        error=error,
        drafts=waiting,
        names=names,
        accepted=uploads.ACCEPTED,
        accepted_label=uploads.ACCEPTED_LABEL,
        max_mb=uploads.MAX_UPLOAD_BYTES // (1024 * 1024),
        message="Đã bỏ bản nháp." if request.query_params.get("ok") == "discarded" else None,
    )


@router.get("/drafts/new")
def new_draft_page(request: Request, ctx: ContextDep, signed: Coordinator) -> Response:
    return _new_page(request, ctx, signed)


@router.post("/drafts/new")
async def new_draft(request: Request, ctx: ContextDep, signed: Coordinator) -> Response:
    form = await checked_form(request, signed, max_files=1, max_part_size=uploads.MAX_UPLOAD_BYTES + 1024)
    file, text = form.get("file"), form.get("text")
    try:
        if isinstance(file, UploadFile) and file.filename:
            upload = uploads.check_upload(Upload.read(file, uploads.MAX_UPLOAD_BYTES))
        else:
            upload = uploads.pasted(text if isinstance(text, str) else "")
        state = await run_in_threadpool(drafting.new_draft, ctx, signed.principal, upload, source=SOURCE)
    except uploads.UploadTooLarge as exc:
        return _new_page(request, ctx, signed, error=str(exc), status=413)
    except DondocError as exc:
        return _new_page(request, ctx, signed, error=str(exc), status=status_for(exc))
    return RedirectResponse(f"/drafts/{state.draft.id}", status_code=303)


def _agency_values(spec: dict[str, Any]) -> list[str]:
    """Every value of the spec that names an agency: issuer, leads, supports, fan-out parents."""
    values = [spec.get("issuer")]
    for task in spec.get("tasks") or []:
        if isinstance(task, dict):
            support = task.get("support")
            fan_out = task.get("fan_out")
            values += [task.get("lead"), *(support if isinstance(support, list) else [])]
            values.append(fan_out.get("parent") if isinstance(fan_out, dict) else None)
    return [v for v in values if isinstance(v, str) and v]


def _pickers(ctx: Context, spec: dict[str, Any]) -> dict[str, Any]:
    """What the agency pickers search (code, name and aliases, folded so that a search matches
    with or without diacritics), and the body each name already in the spec stands for."""
    with ctx.session() as session:
        registry = registry_from_db(session)
    agencies = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind.value,
            "key": strip_diacritics(fold(" ".join((a.code, a.name, *a.aliases)))).lower(),
        }
        for a in registry.active
    ]
    resolved = {}
    for value in _agency_values(spec):
        found = registry.resolve(value)
        if found is not None:
            resolved[value] = found.code
    return {"agencies": agencies, "resolved": resolved}


def _form_data(ctx: Context, state: DraftState) -> dict[str, Any]:
    return {
        **_pickers(ctx, state.draft.spec),
        "spec": state.draft.spec,
        "problems": _located(state.checked.problems),
        "due_days": state.checked.due_days,
        "kinds": [{"value": k.value, "label": k.label} for k in DirectiveKind],
        "agency_kinds": [{"value": k.value, "label": k.label} for k in AgencyKind],
        "policies": [{"value": n, "label": ctx.policies[n].description or n} for n in sorted(ctx.policies)],
        "edit": state.draft.directive_id is not None,
    }


@router.get("/drafts/{draft_id}")
def draft_page(request: Request, ctx: ContextDep, signed: Coordinator, draft_id: Id) -> Response:
    state = drafting.state(ctx, signed.principal, draft_id)
    if state.draft.status is DraftStatus.REGISTERED and state.draft.directive_id:
        return RedirectResponse(f"/directives/{state.draft.directive_id}", status_code=303)
    if state.draft.status is DraftStatus.DISCARDED:
        raise Conflict(f"bản nháp #{draft_id} đã bị bỏ")
    if state.draft.status in (DraftStatus.READING, DraftStatus.FAILED):
        return page(request, "draft_reading.html", web=signed, draft=state.draft)
    with ctx.session() as session:
        names = agency_names(session)
    return page(
        request,
        "draft_form.html",
        web=signed,
        draft=state.draft,
        data=_form_data(ctx, state),
        names=names,
        reading=ocr_summary(state.draft.reading),
    )


@router.post("/drafts/{draft_id}/save")
async def save_draft(request: Request, ctx: ContextDep, signed: ScriptCoordinator, draft_id: Id) -> Response:
    try:
        body = await request.json()
    except ValueError:
        return _json_error(422, "dữ liệu gửi lên không phải JSON")
    spec = body.get("spec") if isinstance(body, dict) else None
    if not isinstance(spec, dict):
        return _json_error(422, "thiếu 'spec'")
    try:
        state = await run_in_threadpool(drafting.save, ctx, signed.principal, draft_id, spec, source=SOURCE)
    except DondocError as exc:
        return _json_error(status_for(exc), str(exc))
    return JSONResponse(
        {
            "problems": _located(state.checked.problems),
            "due_days": state.checked.due_days,
            "saved_at": clock.format_datetime(state.draft.updated_at),
        }
    )


@router.post("/drafts/{draft_id}/register")
async def register_draft(
    request: Request, ctx: ContextDep, signed: ScriptCoordinator, draft_id: Id
) -> Response:
    try:
        done = await run_in_threadpool(drafting.register, ctx, signed.principal, draft_id, source=SOURCE)
    except SpecError as exc:
        return _json_error(
            422,
            "văn bản chưa đăng ký được: sửa các lỗi ghi cạnh từng ô rồi đăng ký lại (chưa có gì được ghi vào hệ thống)",
            problems=_located(located(exc.problems)),
        )
    except DondocError as exc:
        return _json_error(status_for(exc), str(exc))
    return JSONResponse({"redirect": f"/directives/{done.directive_id}?ok={done.status}"})


@router.post("/drafts/{draft_id}/discard")
async def discard_draft(request: Request, ctx: ContextDep, signed: Coordinator, draft_id: Id) -> Response:
    await checked_form(request, signed)
    await run_in_threadpool(drafting.discard, ctx, signed.principal, draft_id, source=SOURCE)
    return RedirectResponse("/drafts/new?ok=discarded", status_code=303)


@router.get("/drafts/{draft_id}/document")
def draft_document(request: Request, ctx: ContextDep, signed: Coordinator, draft_id: Id) -> Response:
    path, document = drafting.document_of(ctx, signed.principal, draft_id)
    return FileResponse(
        path,
        media_type=document.content_type,
        filename=document.filename,
        content_disposition_type="attachment",
    )


@router.post("/directives/{directive_id}/edit")
async def edit_directive(
    request: Request, ctx: ContextDep, signed: Coordinator, directive_id: Id
) -> Response:
    await checked_form(request, signed)
    draft_id = await run_in_threadpool(drafting.edit, ctx, signed.principal, directive_id, source=SOURCE)
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


@router.get("/directives/{directive_id}/spec.yaml")
def download_spec(
    request: Request,
    ctx: ContextDep,
    signed: Coordinator,
    directive_id: Id,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> Response:
    filename, text = drafting.spec_download(ctx, signed.principal, directive_id, version)
    return Response(
        text,
        media_type="text/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
