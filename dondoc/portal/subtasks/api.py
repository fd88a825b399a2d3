"""The REST API under /api: Bearer tokens, JSON in and out, errors as JSON with their status."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from sqlmodel import Session

from dondoc.context import Context
from dondoc.portal.deps import ApiCaller, ContextDep, CurrentAgency
from dondoc.portal.received import Upload
from dondoc.portal.schemas import (
    ActionOut,
    ApproveIn,
    ConfirmIn,
    ErrorOut,
    EventOut,
    EvidenceOut,
    ExtensionIn,
    ExtensionOut,
    FollowUpIn,
    FollowUpOut,
    JsonAnswer,
    ProgressIn,
    ReasonIn,
    ReassignIn,
    SubtaskDetailOut,
    SubtaskOut,
    subtask_json,
)
from dondoc.portal.subtasks import operations as ops
from dondoc.reading import queries
from dondoc.reading.queries import MAX_PAGE, SubtaskFilter
from dondoc.reading.visibility import UnknownAgency, page_for, subtask_for
from dondoc.record import clock
from dondoc.record.enums import SubtaskStatus, Timeliness
from dondoc.work import evidence, extensions, followups
from dondoc.work.access import Principal

SOURCE = "api"
_errors: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        401: "Thiếu mã truy cập hoặc mã không hợp lệ",
        403: "Không phải việc của mình, hoặc không đúng vai trò",
        404: "Không có việc con này",
        409: "Trạng thái hiện tại không cho phép thao tác",
        422: "Dữ liệu không hợp lệ",
    }.items()
}
router = APIRouter(prefix="/api", tags=["api"], responses=_errors)
SubtaskId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Mã việc con")]


def _answer_in(
    session: Session, ctx: Context, principal: Principal, outcome: ops.Outcome, status: int = 200
) -> JsonAnswer:
    """ActionOut, with the subtask as it stands now, read in the action's own session (`status`:
    the route's own, which an answer built here replaces)."""
    view = subtask_for(session, principal, outcome.subtask_id, now=clock.now(), calendar=ctx.calendar)
    return JsonAnswer(
        {
            "message": outcome.message,
            "subtask": subtask_json(view),
            "freed": outcome.freed,
            "record_id": outcome.record_id,
        },
        status_code=status,
    )


def _answer(ctx: Context, principal: Principal, outcome: ops.Outcome, status: int = 200) -> JsonAnswer:
    with ctx.session() as session:
        return _answer_in(session, ctx, principal, outcome, status)


TOTAL_HEADER = {
    "X-Total-Count": {
        "description": "Tổng số việc con khớp bộ lọc (mọi trang)",
        "schema": {"type": "integer"},
    }
}


@router.get(
    "/subtasks",
    response_model=list[SubtaskOut],
    summary="Việc con của mình (điều phối: tất cả), từng trang theo hạn rồi theo mã",
    responses={200: {"headers": TOTAL_HEADER}},
)
def list_subtasks(
    ctx: ContextDep,
    caller: ApiCaller,
    directive: Annotated[str | None, Query(max_length=64, description="Số hiệu văn bản")] = None,
    status: Annotated[SubtaskStatus | None, Query(description="Trạng thái")] = None,
    timeliness: Annotated[Timeliness | None, Query(description="Tiến độ so với hạn")] = None,
    agency: Annotated[
        str | None,
        Query(max_length=64, description="Mã cơ quan: việc của cơ quan đó và các cơ quan trực thuộc"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Số việc mỗi trang")] = 100,
    offset: Annotated[int, Query(ge=0, le=2_147_483_647, description="Bỏ qua bấy nhiêu việc đầu")] = 0,
) -> Response:
    where = SubtaskFilter(directive=directive, statuses=(status,) if status else None, timeliness=timeliness)
    with ctx.session() as session:
        principal = caller.sign_in(session)
        try:
            page = page_for(
                session,
                principal,
                where,
                now=clock.now(),
                calendar=ctx.calendar,
                agency=agency,
                limit=limit,
                offset=offset,
            )
        except UnknownAgency as exc:
            # like any other bad query parameter: 422 with the field's path
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("query", "agency"), "msg": str(exc)}]
            ) from None
    return JsonAnswer([subtask_json(v) for v in page.items], headers={"X-Total-Count": str(page.total)})


@router.get(
    "/subtasks/{subtask_id}", response_model=SubtaskDetailOut, summary="Một việc con, lịch sử và minh chứng"
)
def get_subtask(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId) -> SubtaskDetailOut:
    with ctx.session() as session:
        view = subtask_for(session, principal, subtask_id, now=clock.now(), calendar=ctx.calendar)
        events = queries.history(session, subtask_id)
        files = evidence.for_subtask(session, subtask_id)
        requests = extensions.requests_for(session, subtask_id)
        follow_ups = followups.for_subtask(session, subtask_id)
        waits_for = queries.prerequisites(session, subtask_id)
    return SubtaskDetailOut(
        **SubtaskOut.of(view).model_dump(),
        prerequisites=waits_for,
        history=[
            EventOut(
                at=clock.iso_local(e.at), actor=e.actor, action=e.action, source=e.source, detail=e.detail
            )
            for e in events
        ],
        evidence=[
            EvidenceOut(
                id=f.id or 0,
                filename=f.filename,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                uploaded_by=f.uploaded_by,
                uploaded_at=clock.iso_local(f.uploaded_at),
            )
            for f in files
        ],
        extensions=[
            ExtensionOut(
                id=r.id or 0,
                status=r.status,
                reason=r.reason,
                proposed_due=r.proposed_on.isoformat(),
                requested_by=r.requested_by,
                requested_at=clock.iso_local(r.requested_at),
                decided_by=r.decided_by,
                granted_due=r.granted_on.isoformat() if r.granted_on else None,
                decision_note=r.decision_note,
            )
            for r in requests
        ],
        follow_ups=[
            FollowUpOut(
                id=f.id or 0,
                at=clock.iso_local(f.remind_at),
                status=f.status,
                message=f.message,
                flow_run_id=f.flow_run_id,
            )
            for f in follow_ups
        ],
    )


@router.post("/subtasks/{subtask_id}/ack", response_model=ActionOut, summary="Cơ quan: tiếp nhận")
def ack(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId) -> Response:
    return _answer(ctx, principal, ops.ack(ctx, principal, subtask_id, source=SOURCE))


@router.post("/subtasks/{subtask_id}/progress", response_model=ActionOut, summary="Cơ quan: báo cáo tiến độ")
def progress(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ProgressIn) -> Response:
    return _answer(ctx, principal, ops.progress(ctx, principal, subtask_id, source=SOURCE, note=body.note))


@router.post(
    "/subtasks/{subtask_id}/done",
    response_model=ActionOut,
    summary="Báo hoàn thành, kèm ghi chú và tệp minh chứng (điều phối: hoàn thành ngay)",
)
def done(
    ctx: ContextDep,
    caller: ApiCaller,
    subtask_id: SubtaskId,
    note: Annotated[str | None, Form(max_length=4000)] = None,
    files: Annotated[list[UploadFile] | None, File(description=f"Tối đa {evidence.MAX_FILES} tệp")] = None,
) -> Response:
    uploads = [Upload.read(f, evidence.MAX_FILE_BYTES) for f in files or []]
    with ctx.session() as session:
        principal = caller.sign_in(session)
        outcome = ops.done(
            ctx, principal, subtask_id, source=SOURCE, note=note, uploads=uploads, session=session
        )
        return _answer_in(session, ctx, principal, outcome)


@router.post(
    "/subtasks/{subtask_id}/extension",
    response_model=ActionOut,
    status_code=201,
    summary="Cơ quan: đề nghị gia hạn",
)
def request_extension(
    ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ExtensionIn
) -> Response:
    outcome = ops.request_extension(
        ctx, principal, subtask_id, source=SOURCE, reason=body.reason, proposed_on=body.proposed_due
    )
    return _answer(ctx, principal, outcome, 201)


@router.post(
    "/subtasks/{subtask_id}/confirm", response_model=ActionOut, summary="Điều phối: xác nhận hoàn thành"
)
def confirm(
    ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ConfirmIn | None = None
) -> Response:
    note = body.note if body else None
    return _answer(ctx, principal, ops.confirm_done(ctx, principal, subtask_id, source=SOURCE, note=note))


@router.post(
    "/subtasks/{subtask_id}/return", response_model=ActionOut, summary="Điều phối: trả lại để làm lại"
)
def return_done(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ReasonIn) -> Response:
    return _answer(
        ctx, principal, ops.return_done(ctx, principal, subtask_id, source=SOURCE, reason=body.reason)
    )


@router.post(
    "/subtasks/{subtask_id}/extension/approve", response_model=ActionOut, summary="Điều phối: đồng ý gia hạn"
)
def approve_extension(
    ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ApproveIn | None = None
) -> Response:
    body = body or ApproveIn()
    outcome = ops.approve_extension(
        ctx, principal, subtask_id, source=SOURCE, due_on=body.due, note=body.note
    )
    return _answer(ctx, principal, outcome)


@router.post(
    "/subtasks/{subtask_id}/extension/reject",
    response_model=ActionOut,
    summary="Điều phối: không đồng ý gia hạn",
)
def reject_extension(
    ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ReasonIn
) -> Response:
    return _answer(
        ctx, principal, ops.reject_extension(ctx, principal, subtask_id, source=SOURCE, reason=body.reason)
    )


@router.post(
    "/subtasks/{subtask_id}/reassign",
    response_model=ActionOut,
    summary="Điều phối: giao lại cho cơ quan khác",
)
def reassign(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ReassignIn) -> Response:
    outcome = ops.reassign_to(
        ctx, principal, subtask_id, source=SOURCE, agency=body.agency, reason=body.reason
    )
    return _answer(ctx, principal, outcome)


@router.post("/subtasks/{subtask_id}/cancel", response_model=ActionOut, summary="Điều phối: hủy việc")
def cancel(ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: ReasonIn) -> Response:
    return _answer(
        ctx, principal, ops.cancel_subtask(ctx, principal, subtask_id, source=SOURCE, reason=body.reason)
    )


@router.post(
    "/subtasks/{subtask_id}/follow-up",
    response_model=ActionOut,
    status_code=201,
    summary="Điều phối: hẹn đôn đốc (một lần chạy Prefect vào thời điểm hẹn)",
    responses={503: {"model": ErrorOut, "description": "Prefect không nhận lịch, thử lại sau"}},
)
def follow_up(
    request: Request, ctx: ContextDep, principal: CurrentAgency, subtask_id: SubtaskId, body: FollowUpIn
) -> Response:
    outcome = ops.follow_up(
        ctx,
        principal,
        subtask_id,
        source=SOURCE,
        at=body.at,
        message=body.message,
        scheduler=request.app.state.scheduler,
    )
    return _answer(ctx, principal, outcome, 201)
