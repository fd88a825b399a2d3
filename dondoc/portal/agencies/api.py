"""The registry under the API, for scripts: list the bodies, add one, edit one. Coordinators
only; every change goes to the audit log (dondoc.directives.registry_edits)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import select

from dondoc.directives.registry_edits import AgencyFields, add_agency, change_agency
from dondoc.portal.deps import ContextDep, CoordinatorsOnly
from dondoc.portal.schemas import ErrorOut
from dondoc.record import clock
from dondoc.record.enums import AgencyKind
from dondoc.record.errors import FieldConflict, FieldError
from dondoc.record.models import Agency
from dondoc.work.access import Principal

SOURCE = "api"
Code = Annotated[str, Path(min_length=1, max_length=64, description="Mã cơ quan")]


class FieldProblemOut(BaseModel):
    path: str = Field(description='Trường có lỗi, ví dụ "name" hoặc "aliases[1]"')
    message: str


class FieldErrorOut(BaseModel):
    detail: str
    problems: list[FieldProblemOut]


router = APIRouter(
    prefix="/api",
    tags=["agencies"],
    responses={
        401: {"model": ErrorOut, "description": "Thiếu mã truy cập hoặc mã không hợp lệ"},
        403: {"model": ErrorOut, "description": "Chỉ bộ phận điều phối"},
        409: {"model": FieldErrorOut, "description": "Tên hoặc mã đã có; cơ quan còn việc đang làm"},
        422: {"model": FieldErrorOut, "description": "Một trường không hợp lệ"},
    },
)
REGISTRY = CoordinatorsOnly("danh mục cơ quan")
Coordinator = Annotated[Principal, Depends(REGISTRY.call)]


class AgencyOut(BaseModel):
    code: str
    name: str
    kind: AgencyKind
    parent: str | None = Field(description="Mã cơ quan cấp trên")
    aliases: list[str]
    notify: list[str] = Field(description="Địa chỉ Apprise, có thể chứa ${BIẾN} đọc lúc gửi")
    active: bool

    @classmethod
    def of(cls, row: Agency, parents: dict[int, str]) -> AgencyOut:
        return cls(
            code=row.code,
            name=row.name,
            kind=AgencyKind(row.kind),
            parent=parents.get(row.parent_id) if row.parent_id else None,
            aliases=list(row.aliases),
            notify=list(row.notify),
            active=row.active,
        )


class AgencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=255, description="Tên như văn bản ghi")
    kind: AgencyKind
    parent: str | None = Field(default=None, max_length=255, description="Mã hoặc tên cơ quan cấp trên")
    aliases: list[str] = Field(default_factory=list, max_length=50)
    notify: list[str] = Field(default_factory=list, max_length=20)
    code: str | None = Field(default=None, max_length=64, description="Để trống: tạo từ tên")


class AgencyPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=255)
    kind: AgencyKind | None = None
    parent: str | None = Field(
        default=None, min_length=1, max_length=255, description="Mã hoặc tên cơ quan cấp trên mới"
    )
    aliases: list[str] | None = Field(default=None, max_length=50)
    notify: list[str] | None = Field(default=None, max_length=20)
    active: bool | None = None


def field_error(exc: FieldError | FieldConflict) -> JSONResponse:
    body = FieldErrorOut(detail=str(exc), problems=[FieldProblemOut(path=exc.field, message=str(exc))])
    return JSONResponse(body.model_dump(), status_code=409 if isinstance(exc, FieldConflict) else 422)


def _out(ctx: ContextDep, code: str) -> AgencyOut:
    with ctx.session() as session:
        rows = session.exec(select(Agency)).all()
        parents = {row.id: row.code for row in rows if row.id is not None}
        return next(AgencyOut.of(row, parents) for row in rows if row.code == code)


@router.get("/agencies", response_model=list[AgencyOut], summary="Điều phối: danh mục cơ quan, theo cây")
def list_agencies(ctx: ContextDep, principal: Coordinator) -> list[AgencyOut]:
    with ctx.session() as session:
        rows = session.exec(select(Agency).order_by(Agency.path)).all()  # type: ignore[arg-type]
        parents = {row.id: row.code for row in rows if row.id is not None}
        return [AgencyOut.of(row, parents) for row in rows]


@router.post(
    "/agencies",
    status_code=201,
    response_model=AgencyOut,
    summary="Điều phối: thêm một cơ quan vào danh mục (ghi nhật ký)",
)
def create_agency(ctx: ContextDep, principal: Coordinator, body: AgencyIn) -> AgencyOut | JSONResponse:
    fields = AgencyFields(**body.model_dump())
    try:
        with ctx.session() as session:
            row = add_agency(session, actor=principal.actor(SOURCE), now=clock.now(), fields=fields)
            code = row.code
    except (FieldError, FieldConflict) as exc:
        return field_error(exc)
    return _out(ctx, code)


@router.patch(
    "/agencies/{code}",
    response_model=AgencyOut,
    summary="Điều phối: sửa tên, loại, cấp trên, tên gọi khác, địa chỉ nhận thông báo; ngừng hoặc dùng lại",
    responses={404: {"model": ErrorOut, "description": "Không có cơ quan mã này"}},
)
def patch_agency(
    ctx: ContextDep, principal: Coordinator, code: Code, body: AgencyPatch
) -> AgencyOut | JSONResponse:
    fields = AgencyFields(**body.model_dump())  # a field left out stays None: unchanged
    try:
        with ctx.session() as session:
            change_agency(session, actor=principal.actor(SOURCE), now=clock.now(), code=code, fields=fields)
    except (FieldError, FieldConflict) as exc:
        return field_error(exc)
    return _out(ctx, code)
