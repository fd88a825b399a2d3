"""The pages an agency clerk uses on a phone: sign in by link, see one's subtasks, act on one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from dondoc.context import Context
from dondoc.portal.deps import SESSION_COOKIE, ContextDep, CurrentWebSession, WebSession, checked_form
from dondoc.portal.errors import status_for
from dondoc.portal.received import Upload
from dondoc.portal.rendering import page
from dondoc.portal.schemas import YEARS
from dondoc.portal.subtasks import lists
from dondoc.portal.subtasks import operations as ops
from dondoc.reading import queries
from dondoc.reading.names import active_bodies, agency_names
from dondoc.reading.visibility import subtask_for
from dondoc.record import clock
from dondoc.record.errors import DondocError, Forbidden, NotFound
from dondoc.record.models import EvidenceFile, Subtask
from dondoc.work import evidence, extensions, followups
from dondoc.work.access import Principal, authenticate, close_session, open_session

SOURCE = "web"
router = APIRouter(include_in_schema=False)
SubtaskId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DONE_MESSAGES = {
    "ack": "Đã tiếp nhận việc.",
    "progress": "Đã ghi nhận tiến độ.",
    "done": "Đã gửi báo cáo hoàn thành.",
    "extension": "Đã gửi đề nghị gia hạn.",
    "confirm": "Đã xác nhận hoàn thành.",
    "return": "Đã trả lại để thực hiện lại.",
    "extension/approve": "Đã đồng ý gia hạn.",
    "extension/reject": "Đã không đồng ý gia hạn.",
    "reassign": "Đã giao lại việc.",
    "cancel": "Đã hủy việc.",
    "follow-up": "Đã hẹn đôn đốc.",
}


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _day(form: FormData, name: str, label: str, *, required: bool = True) -> dt.date | None:
    raw = _text(form, name).strip()
    if not raw and not required:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if day.year in YEARS:
            return day
    raise DondocError(f"{label}: cần một ngày, ví dụ 30/04/2020")


def _instant(form: FormData, name: str, label: str) -> dt.datetime:
    raw = _text(form, name).strip()
    try:
        at = clock.parse_instant(raw)
    except DondocError:
        raise DondocError(f"{label}: cần ngày và giờ, ví dụ 2020-04-20T08:00") from None
    if at.year not in YEARS:
        raise DondocError(f"{label}: năm phải trong khoảng 2000–2100")
    return at


def _uploads(form: FormData) -> list[Upload]:
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    return [Upload.read(f, evidence.MAX_FILE_BYTES) for f in files]


FormAction = Callable[[Context, Principal, int, FormData, Request], ops.Outcome]
ACTIONS: dict[str, FormAction] = {
    "ack": lambda c, p, i, f, r: ops.ack(c, p, i, source=SOURCE),
    "progress": lambda c, p, i, f, r: ops.progress(c, p, i, source=SOURCE, note=_text(f, "note")),
    "extension": lambda c, p, i, f, r: ops.request_extension(
        c,
        p,
        i,
        source=SOURCE,
        reason=_text(f, "reason"),
        proposed_on=_day(f, "proposed_due", "hạn đề nghị"),  # type: ignore[arg-type]
    ),
    "confirm": lambda c, p, i, f, r: ops.confirm_done(c, p, i, source=SOURCE, note=_text(f, "note")),
    "return": lambda c, p, i, f, r: ops.return_done(c, p, i, source=SOURCE, reason=_text(f, "reason")),
    "extension/approve": lambda c, p, i, f, r: ops.approve_extension(
        c, p, i, source=SOURCE, due_on=_day(f, "due", "hạn mới", required=False), note=_text(f, "note")
    ),
    "extension/reject": lambda c, p, i, f, r: ops.reject_extension(
        c, p, i, source=SOURCE, reason=_text(f, "reason")
    ),
    "reassign": lambda c, p, i, f, r: ops.reassign_to(
        c, p, i, source=SOURCE, agency=_text(f, "agency"), reason=_text(f, "reason")
    ),
    "cancel": lambda c, p, i, f, r: ops.cancel_subtask(c, p, i, source=SOURCE, reason=_text(f, "reason")),
    "follow-up": lambda c, p, i, f, r: ops.follow_up(
        c,
        p,
        i,
        source=SOURCE,
        at=_instant(f, "at", "thời điểm hẹn"),
        message=_text(f, "message"),
        scheduler=r.app.state.scheduler,
    ),
}


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/l/{token}")
def sign_in(request: Request, ctx: ContextDep, token: Annotated[str, Path(max_length=256)]) -> Response:
    """A secret link: open a session and drop the token from the address bar."""
    with ctx.session() as session:
        principal = authenticate(session, token)
        cookie = open_session(session, principal=principal, now=clock.now()) if principal else None
    if cookie is None:
        return page(request, "signin.html", 401, invalid=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=7 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=ctx.settings.portal_url.startswith("https://"),
        path="/",
    )
    return response


@router.post("/logout")
async def sign_out(request: Request, ctx: ContextDep, signed: CurrentWebSession) -> Response:
    await checked_form(request, signed)
    with ctx.session() as session:
        close_session(session, signed.cookie, now=clock.now())
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(
    request: Request,
    ctx: ContextDep,
    signed: CurrentWebSession,
    tab: Annotated[str, Query(max_length=16)] = "todo",
    offset: lists.Offset = 0,
) -> Response:
    if signed.principal.is_coordinator:
        return RedirectResponse("/overview", status_code=303)
    return lists.my_work(request, ctx, signed, tab, offset)


def _subtask_page(
    request: Request,
    ctx: Context,
    web: WebSession,
    subtask_id: int,
    *,
    message: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    with ctx.session() as session:
        view = subtask_for(session, web.principal, subtask_id, now=clock.now(), calendar=ctx.calendar)
        sub = session.get(Subtask, subtask_id)
        assert sub is not None
        pending = extensions.pending_request(session, subtask_id)
        context = {
            "view": view,
            "history": queries.history(session, subtask_id),
            "files": evidence.for_subtask(session, subtask_id),
            "requests": extensions.requests_for(session, subtask_id),
            "follow_ups": followups.for_subtask(session, subtask_id),
            "waits_for": queries.prerequisites(session, subtask_id),
            "pending": pending,
            "today": clock.local_today(),
            "names": agency_names(session),
            "bodies": active_bodies(session) if web.principal.is_coordinator else [],
            "allowed": ops.available(web.principal, sub, pending_extension=pending is not None),
        }
    return page(
        request,
        "subtask.html",
        status_code,
        web=web,
        message=message,
        error=error,
        request_labels=extensions.STATUS_LABELS,
        follow_up_labels=followups.STATUS_LABELS,
        max_files=evidence.MAX_FILES,
        max_mb=evidence.MAX_FILE_BYTES // (1024 * 1024),
        allowed_label=evidence.ALLOWED_LABEL,
        **context,
    )


@router.get("/subtasks/{subtask_id}")
def subtask_page(
    request: Request, ctx: ContextDep, signed: CurrentWebSession, subtask_id: SubtaskId, ok: str | None = None
) -> Response:
    return _subtask_page(request, ctx, signed, subtask_id, message=DONE_MESSAGES.get(ok or ""))


@router.post("/subtasks/{subtask_id}/{action:path}")
async def subtask_action(
    request: Request, ctx: ContextDep, signed: CurrentWebSession, subtask_id: SubtaskId, action: str
) -> Response:
    handler = ACTIONS.get(action)
    if handler is None and action != "done":
        raise NotFound(f"không có thao tác '{action}'")
    form = await checked_form(request, signed, max_files=evidence.MAX_FILES, max_fields=20)
    try:
        if action == "done":
            uploads = _uploads(form)
            note = _text(form, "note")
            outcome = await run_in_threadpool(
                lambda: ops.done(ctx, signed.principal, subtask_id, source=SOURCE, note=note, uploads=uploads)
            )
        else:
            assert handler is not None
            # the core is synchronous (SQLAlchemy sessions, and the Prefect client for follow-ups)
            outcome = await run_in_threadpool(handler, ctx, signed.principal, subtask_id, form, request)
    except (NotFound, Forbidden):
        raise
    except DondocError as exc:
        return _subtask_page(request, ctx, signed, subtask_id, error=str(exc), status_code=status_for(exc))
    return RedirectResponse(f"/subtasks/{outcome.subtask_id}?ok={action}", status_code=303)


@router.get("/evidence/{file_id}")
def evidence_file(
    request: Request,
    ctx: ContextDep,
    signed: CurrentWebSession,
    file_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> Response:
    with ctx.session() as session:
        row = session.get(EvidenceFile, file_id)
        if row is None:
            raise NotFound(f"không có tệp minh chứng #{file_id}")
        # seeing the subtask is what allows seeing its evidence
        subtask_for(session, signed.principal, row.subtask_id, now=clock.now(), calendar=ctx.calendar)
    path = evidence.path_for(ctx.settings.home, row.sha256)
    if not path.exists():
        raise NotFound(f"tệp minh chứng #{file_id} không còn trên máy chủ")
    return FileResponse(
        path, media_type=row.content_type, filename=row.filename, content_disposition_type="attachment"
    )
