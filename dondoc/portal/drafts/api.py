"""The REST API for registering directives: drafts from documents, their review, registration,
and the spec of a registered directive as YAML. Coordinators only (an agency gets 403)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from dondoc.directives.drafts import DraftStatus, SpecDraft
from dondoc.portal.deps import ContextDep
from dondoc.portal.drafts import drafting, uploads
from dondoc.portal.drafts.checks import Located, located
from dondoc.portal.drafts.drafting import DRAFTING, DraftState
from dondoc.portal.received import Upload
from dondoc.portal.schemas import ErrorOut
from dondoc.record.errors import SpecError
from dondoc.work.access import Principal

SOURCE = "api"
DraftId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Mã bản nháp")]
DirectiveId = Annotated[int, Path(ge=1, le=2_147_483_647, description="Mã văn bản")]
Coordinator = Annotated[Principal, Depends(DRAFTING.call)]
router = APIRouter(
    prefix="/api",
    tags=["drafts"],
    responses={
        401: {"model": ErrorOut, "description": "Thiếu mã truy cập hoặc mã không hợp lệ"},
        403: {"model": ErrorOut, "description": "Chỉ bộ phận điều phối"},
        404: {"model": ErrorOut, "description": "Không có bản nháp hoặc văn bản này"},
    },
)


class LocatedOut(BaseModel):
    path: str = Field(description='Trường liên quan, ví dụ "tasks[3].lead"; rỗng: cả văn bản')
    message: str


class PageOut(BaseModel):
    number: int
    ocr: bool = Field(description="Trang được đọc bằng OCR (ảnh quét, ảnh chụp)")
    confidence: float | None = Field(description="Độ tin cậy trung bình của OCR, 0-100")
    weak_lines: list[str] = Field(description="Các dòng OCR đọc chưa chắc chắn, cần đối chiếu")


class ReadingOut(BaseModel):
    pages_read: int | None = Field(description="Số trang đã đọc (khi đang đọc)")
    pages_total: int | None = Field(description="Tổng số trang")
    failure: str | None = Field(description="Lý do không đọc được tệp (trạng thái failed)")
    source: str | None = Field(default=None, description="Tệp đã đọc (tệp đính kèm của gói edXML)")
    pages: list[PageOut] = Field(default_factory=list, description="Từng trang: đọc bằng OCR hay lớp chữ")


class DraftOut(BaseModel):
    id: int
    status: str = Field(
        description="reading (đang đọc tệp, xem reading) | failed (không đọc được) | open | registered | discarded"
    )
    reading: ReadingOut | None = Field(
        default=None, description="Việc đọc tệp: tiến độ theo trang, OCR; null với văn bản có lớp chữ"
    )
    directive_id: int | None = Field(description="Văn bản đang sửa, hoặc đã đăng ký từ bản nháp này")
    spec: dict[str, Any] = Field(description="Các trường của tệp YAML, kèm lead_text, support_text, review")
    review: list[LocatedOut] = Field(description="Ghi chú rà soát của bản nháp, đặt cạnh trường liên quan")
    problems: list[LocatedOut] = Field(description="Lỗi theo quy tắc của dondoc load; rỗng khi hợp lệ")
    due_days: dict[str, str] = Field(
        description='Hạn tính ra của từng nhiệm vụ, ví dụ {"tasks[0]": "30/04/2020"}'
    )

    @classmethod
    def of(cls, state: DraftState) -> DraftOut:
        draft = state.draft
        assert draft.id is not None
        return cls(
            id=draft.id,
            status=draft.status.value,
            reading=_reading(draft),
            directive_id=draft.directive_id,
            spec=draft.spec,
            review=_out(state.checked.notes),
            problems=_out(state.checked.problems),
            due_days=state.checked.due_days,
        )


def _reading(draft: SpecDraft) -> ReadingOut | None:
    if draft.pages_read is None and draft.reading is None:
        return None
    kept = draft.reading or {}
    return ReadingOut(
        pages_read=draft.pages_read,
        pages_total=draft.pages_total,
        failure=draft.failure,
        source=kept.get("source"),
        pages=[PageOut(**page) for page in kept.get("pages", [])],
    )


def _out(items: list[Located]) -> list[LocatedOut]:
    return [LocatedOut(path=i.path, message=i.message) for i in items]


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    spec: dict[str, Any] = Field(description="Văn bản như tệp YAML (các trường như GET trả về)")


class DirectiveRef(BaseModel):
    id: int
    number: str


class RegisteredOut(BaseModel):
    directive: DirectiveRef
    status: str = Field(description="created | updated | unchanged")
    subtasks: int
    flow_run_id: str = Field(description="Lần chạy flow intake trên Prefect")


class ProblemsOut(BaseModel):
    detail: str
    problems: list[LocatedOut]


def _invalid(exc: SpecError) -> JSONResponse:
    problems = _out(located(exc.problems))
    body = ProblemsOut(
        detail="văn bản chưa đăng ký được: sửa các lỗi ghi cạnh từng ô rồi đăng ký lại (chưa có gì được ghi vào hệ thống)",
        problems=problems,
    )
    return JSONResponse(body.model_dump(), status_code=422)


@router.post(
    "/drafts",
    status_code=201,
    response_model=DraftOut,
    summary="Điều phối: tải lên văn bản (.docx, .pdf, .txt, ảnh quét, gói edXML) hoặc tệp YAML, nhận bản nháp",
    description="Văn bản có lớp chữ: 201 với bản nháp. Bản quét, ảnh chụp, gói edXML: 202 ngay, bản nháp ở "
    "trạng thái reading (đang đọc), địa chỉ của nó trong Location; GET địa chỉ đó cho đến khi trạng thái là "
    "open (sẵn sàng rà soát) hoặc failed (kèm lý do).",
    responses={
        202: {"model": DraftOut, "description": "Đang đọc bản quét: theo dõi bằng GET /api/drafts/{id}"},
        413: {"model": ErrorOut, "description": "Tệp quá lớn"},
        422: {"model": ErrorOut, "description": "Tệp không đúng loại, hỏng, hoặc không đọc được"},
    },
)
def create_draft(
    ctx: ContextDep,
    principal: Coordinator,
    response: Response,
    file: Annotated[UploadFile | None, File(description=uploads.ACCEPTED_LABEL)] = None,
    text: Annotated[str | None, Form(max_length=2_000_000, description="Hoặc: nội dung văn bản")] = None,
) -> DraftOut:
    try:
        if file is not None and file.filename:
            upload = uploads.check_upload(Upload.read(file, uploads.MAX_UPLOAD_BYTES))
        elif text is not None:
            upload = uploads.pasted(text)
        else:
            raise HTTPException(422, "gửi tệp (trường 'file') hoặc nội dung văn bản (trường 'text')")
    except uploads.UploadTooLarge as exc:
        raise HTTPException(413, str(exc)) from exc
    try:
        state = drafting.new_draft(ctx, principal, upload, source=SOURCE)
    except SpecError as exc:  # an uploaded YAML that is not even YAML: its problems, with lines
        raise HTTPException(422, str(exc)) from exc
    if state.draft.status is DraftStatus.READING:
        response.status_code = 202
        response.headers["Location"] = f"/api/drafts/{state.draft.id}"
    return DraftOut.of(state)


@router.get(
    "/drafts/{draft_id}", response_model=DraftOut, summary="Điều phối: một bản nháp và các lỗi của nó"
)
def get_draft(ctx: ContextDep, principal: Coordinator, draft_id: DraftId) -> DraftOut:
    return DraftOut.of(drafting.state(ctx, principal, draft_id))


@router.put(
    "/drafts/{draft_id}",
    response_model=DraftOut,
    summary="Điều phối: lưu bản nháp đã sửa; trả về các lỗi còn lại",
    responses={409: {"model": ErrorOut, "description": "Bản nháp đã đăng ký hoặc đã bỏ"}},
)
def put_draft(ctx: ContextDep, principal: Coordinator, draft_id: DraftId, body: DraftIn) -> DraftOut:
    return DraftOut.of(drafting.save(ctx, principal, draft_id, body.spec, source=SOURCE))


@router.post(
    "/drafts/{draft_id}/register",
    status_code=201,
    response_model=RegisteredOut,
    summary="Điều phối: đăng ký văn bản từ bản nháp (flow intake, như dondoc load)",
    responses={
        409: {
            "model": ErrorOut,
            "description": "Số hiệu đã đăng ký với nội dung khác, hoặc bản nháp đã dùng",
        },
        422: {"model": ProblemsOut, "description": "Văn bản chưa hợp lệ: các lỗi, không ghi gì"},
    },
)
def register_draft(ctx: ContextDep, principal: Coordinator, draft_id: DraftId) -> Response:
    try:
        done = drafting.register(ctx, principal, draft_id, source=SOURCE)
    except SpecError as exc:
        return _invalid(exc)
    body = RegisteredOut(
        directive=DirectiveRef(id=done.directive_id, number=done.number),
        status=done.status,
        subtasks=done.subtasks,
        flow_run_id=done.flow_run_id,
    )
    return JSONResponse(body.model_dump(), status_code=201)


@router.get(
    "/directives/{directive_id}/spec",
    summary="Điều phối: tệp YAML của văn bản như đã đăng ký (dondoc load tệp này cho cùng văn bản)",
    response_class=Response,
    responses={200: {"content": {"text/yaml": {}}, "description": "Tệp YAML"}},
)
def directive_spec(
    ctx: ContextDep,
    principal: Coordinator,
    directive_id: DirectiveId,
    version: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="Phiên bản; mặc định mới nhất")
    ] = None,
) -> Response:
    filename, text = drafting.spec_download(ctx, principal, directive_id, version)
    return Response(
        text,
        media_type="text/yaml; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
