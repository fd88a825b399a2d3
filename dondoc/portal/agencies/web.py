"""The coordinators' "Danh mục cơ quan": the registry as a searchable tree, a body added or
edited by a form, and the review form's "Thêm cơ quan" dialog (a JSON call from its script).
Every change goes through dondoc.directives.registry_edits, which writes the audit log."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlmodel import col, select
from starlette.datastructures import FormData

from dondoc.context import Context
from dondoc.directives.registry_edits import AgencyFields, add_agency, change_agency
from dondoc.portal.agencies.api import REGISTRY, field_error
from dondoc.portal.deps import ContextDep, WebSession, checked_form
from dondoc.portal.rendering import page
from dondoc.record import clock
from dondoc.record.enums import AgencyKind
from dondoc.record.errors import FieldConflict, FieldError, NotFound
from dondoc.record.models import Agency
from dondoc.record.text import fold, strip_diacritics

SOURCE = "web"
SHOWN = 400
router = APIRouter(include_in_schema=False)
Code = Annotated[str, Path(min_length=1, max_length=64)]
Coordinator = Annotated[WebSession, Depends(REGISTRY.page)]
# the review form's script: its session, and the CSRF token in a header
ScriptCoordinator = Annotated[WebSession, Depends(REGISTRY.script)]


def search_key(row: Agency) -> str:
    """What a search matches: code, name and aliases, without diacritics (as the pickers do)."""
    return strip_diacritics(fold(" ".join((row.code, row.name, *row.aliases)))).lower()


def _lines(form: FormData, name: str) -> list[str]:
    value = form.get(name)
    return [line.strip() for line in value.splitlines() if line.strip()] if isinstance(value, str) else []


def _kind(value: Any) -> AgencyKind | None:
    try:
        return AgencyKind(str(value))
    except ValueError:
        return None


def _rows(ctx: Context, query: str) -> tuple[list[tuple[Agency, int]], int]:
    """The bodies in tree order with their depth, those matching every word of the query."""
    words = strip_diacritics(fold(query)).lower().split()
    with ctx.session() as session:
        rows = session.exec(select(Agency).order_by(Agency.path)).all()  # type: ignore[arg-type]
    found = [(row, row.path.count("/") - 2) for row in rows if all(w in search_key(row) for w in words)]
    return found[:SHOWN], len(found)


def _list_page(
    request: Request, ctx: Context, web: WebSession, *, error: str | None = None, status: int = 200
) -> Response:
    query = request.query_params.get("q", "")
    rows, total = _rows(ctx, query)
    with ctx.session() as session:
        parents = session.exec(select(Agency.code, Agency.name).order_by(Agency.path)).all()  # type: ignore[arg-type]
    ok = request.query_params.get("ok")
    return page(
        request,
        "agencies.html",
        status,
        web=web,
        rows=rows,
        total=total,
        query=query,
        parents=parents,
        kinds=list(AgencyKind),
        error=error,
        message=f"Đã lưu: {ok}." if ok else None,
    )


@router.get("/agencies")
def agencies_page(
    request: Request, ctx: ContextDep, signed: Coordinator, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    return _list_page(request, ctx, signed)


def _written(form: FormData) -> AgencyFields:
    """A body's fields as the add and edit forms send them."""
    return AgencyFields(
        name=str(form.get("name") or ""),
        kind=_kind(form.get("kind")),
        parent=str(form.get("parent") or "") or None,
        aliases=_lines(form, "aliases"),
        notify=_lines(form, "notify"),
    )


@router.post("/agencies")
async def add_from_page(request: Request, ctx: ContextDep, signed: Coordinator) -> Response:
    form = await checked_form(request, signed, max_fields=12)
    fields = _written(form)
    try:
        with ctx.session() as session:
            row = add_agency(session, actor=signed.principal.actor(SOURCE), now=clock.now(), fields=fields)
            name = row.name
    except (FieldError, FieldConflict) as exc:
        return _list_page(
            request, ctx, signed, error=str(exc), status=409 if isinstance(exc, FieldConflict) else 422
        )
    return RedirectResponse(f"/agencies?{_ok(name)}", status_code=303)


def _ok(name: str) -> str:
    return urlencode({"q": name, "ok": name})


def _agency(ctx: Context, code: str) -> Agency:
    with ctx.session() as session:
        row = session.exec(select(Agency).where(Agency.code == code)).first()
    if row is None:
        raise NotFound(f"không có cơ quan mã {code}")
    return row


def _edit_page(
    request: Request, ctx: Context, web: WebSession, code: str, *, error: str | None = None, status: int = 200
) -> Response:
    row = _agency(ctx, code)
    with ctx.session() as session:
        parent = session.get(Agency, row.parent_id) if row.parent_id else None
        # a body can come under any other, but not under itself or its own bodies
        parents = session.exec(
            select(Agency.code, Agency.name)
            .where(col(Agency.active).is_(True), ~col(Agency.path).startswith(row.path))
            .order_by(col(Agency.path))
        ).all()
    return page(
        request,
        "agency.html",
        status,
        web=web,
        agency=row,
        parent=parent,
        parents=parents,
        kinds=list(AgencyKind),
        error=error,
    )


@router.get("/agencies/{code}")
def agency_page(request: Request, ctx: ContextDep, signed: Coordinator, code: Code) -> Response:
    return _edit_page(request, ctx, signed, code)


@router.post("/agencies/{code}")
async def edit_from_page(request: Request, ctx: ContextDep, signed: Coordinator, code: Code) -> Response:
    form = await checked_form(request, signed, max_fields=12)
    fields = dataclasses.replace(_written(form), active=form.get("active") == "on")
    try:
        with ctx.session() as session:
            row = change_agency(
                session, actor=signed.principal.actor(SOURCE), now=clock.now(), code=code, fields=fields
            )
            name = row.name
    except (FieldError, FieldConflict) as exc:
        status = 409 if isinstance(exc, FieldConflict) else 422
        return _edit_page(request, ctx, signed, code, error=str(exc), status=status)
    return RedirectResponse(f"/agencies?{_ok(name)}", status_code=303)


@router.post("/agencies-quick")
async def add_from_review_form(request: Request, ctx: ContextDep, web: ScriptCoordinator) -> Response:
    """The review form's dialog: a body the registry lacks, added and picked at once."""
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"detail": "dữ liệu gửi lên không phải JSON"}, status_code=422)
    if not isinstance(body, dict):
        return JSONResponse({"detail": "dữ liệu gửi lên không phải JSON"}, status_code=422)
    aliases = body.get("aliases")
    fields = AgencyFields(
        name=str(body.get("name") or ""),
        kind=_kind(body.get("kind")),
        parent=str(body.get("parent") or "") or None,
        aliases=[str(a) for a in aliases] if isinstance(aliases, list) else [],
    )
    try:
        with ctx.session() as session:
            row = add_agency(session, actor=web.principal.actor(SOURCE), now=clock.now(), fields=fields)
            answer = {"code": row.code, "name": row.name, "key": search_key(row)}
    except (FieldError, FieldConflict) as exc:
        return field_error(exc)
    return JSONResponse(answer, status_code=201)
