"""Who is calling, as FastAPI dependencies: a Bearer token for the API, a session cookie (opened
by a secret link) for the web pages. The two never mix, so the API needs no CSRF defence and the
web does. A route states who may call it in its signature; none re-checks by hand."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.datastructures import FormData

from dondoc.context import Context
from dondoc.record import clock
from dondoc.record.errors import Forbidden
from dondoc.record.roles import require_coordinator
from dondoc.work.access import Principal, authenticate, resume_session

SESSION_COOKIE = "dondoc_session"
CSRF_FIELD = "csrf_token"
# a page's script sends its session's CSRF token in this header
CSRF_HEADER = "x-csrf-token"
STALE_SESSION = "phiên làm việc không hợp lệ hoặc đã hết hạn: tải lại trang rồi thử lại"

_bearer = HTTPBearer(
    auto_error=False, description="Mã trong đường dẫn riêng (dondoc link CODE --json: token)"
)


async def get_context(request: Request) -> Context:
    # async: a dependency this cheap is not worth a trip through the thread pool
    context: Context = request.app.state.ctx
    return context


ContextDep = Annotated[Context, Depends(get_context)]


@dataclass(frozen=True)
class BearerCaller:
    """An API call's Bearer token, not yet checked: the route checks it with `sign_in` in the
    session that does its work, so authentication and the work are one transaction."""

    token: str

    def sign_in(self, session: Session) -> Principal:
        """The caller, or 401: an unknown token, or a revoked one."""
        principal = authenticate(session, self.token)
        if principal is None:
            raise HTTPException(
                401,
                "mã truy cập không hợp lệ hoặc đã bị thu hồi",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return principal


async def bearer_caller(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> BearerCaller:
    """No token at all is refused here, before the parameters are looked at."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "cần mã truy cập: Authorization: Bearer <mã>", {"WWW-Authenticate": "Bearer"}
        )
    return BearerCaller(credentials.credentials)


# an API route called with a Bearer token; it signs the caller in within its own session
ApiCaller = Annotated[BearerCaller, Depends(bearer_caller)]


def current_agency(ctx: ContextDep, caller: ApiCaller) -> Principal:
    """The API's caller, by its Bearer token: an agency, or a coordinator (for routes whose
    work opens sessions of its own)."""
    with ctx.session() as session:
        return caller.sign_in(session)


CurrentAgency = Annotated[Principal, Depends(current_agency)]


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf: str
    cookie: str


class SignInRequired(Exception):
    """No web session, or an expired one: a page answers with the sign-in page (401), a page's
    script with JSON saying so (errors.install renders both)."""

    def __init__(self, *, script: bool = False) -> None:
        super().__init__("phiên làm việc đã hết: mở lại đường dẫn đăng nhập")
        self.script = script


class ScriptRefused(Forbidden):
    """A page's script is refused: answered as JSON (403), which the script shows in place."""


def web_session(request: Request, ctx: Context) -> WebSession | None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    with ctx.session() as session:
        found = resume_session(session, cookie, now=clock.now())
    return WebSession(found[0], found[1], cookie) if found else None


def current_web_session(request: Request, ctx: ContextDep) -> WebSession:
    web = web_session(request, ctx)
    if web is None:
        raise SignInRequired()
    return web


CurrentWebSession = Annotated[WebSession, Depends(current_web_session)]


def csrf_ok(web: WebSession, submitted: object) -> bool:
    return isinstance(submitted, str) and hmac.compare_digest(web.csrf.encode(), submitted.encode())


async def checked_form(
    request: Request,
    web: WebSession,
    *,
    max_files: int = 0,
    max_fields: int = 5,
    max_part_size: int = 1024 * 1024,
) -> FormData:
    """A form posted from one of our pages: read within its limits, refused without the session's
    CSRF token."""
    form = await request.form(max_files=max_files, max_fields=max_fields, max_part_size=max_part_size)
    if not csrf_ok(web, form.get(CSRF_FIELD)):
        raise Forbidden(STALE_SESSION)
    return form


@dataclass(frozen=True)
class CoordinatorsOnly:
    """What only coordinators may open or call, named as its refusal says it ("danh mục cơ quan"
    -> "danh mục cơ quan dành cho bộ phận điều phối"). A feature declares its dependencies from it:
    `Annotated[WebSession, Depends(REGISTRY.page)]`, `.call` for the API, `.script` for the calls
    a page's script makes with its session and the CSRF header."""

    what: str

    @property
    def refusal(self) -> str:
        return f"{self.what} dành cho bộ phận điều phối"

    def page(self, web: CurrentWebSession) -> WebSession:
        require_coordinator(web.principal, self.refusal)
        return web

    def call(self, principal: CurrentAgency) -> Principal:
        require_coordinator(principal, self.refusal)
        return principal

    def script(self, request: Request, ctx: ContextDep) -> WebSession:
        web = web_session(request, ctx)
        if web is None:
            raise SignInRequired(script=True)
        try:
            require_coordinator(web.principal, self.refusal)
        except Forbidden as exc:
            raise ScriptRefused(str(exc)) from exc
        if not csrf_ok(web, request.headers.get(CSRF_HEADER)):
            raise ScriptRefused(STALE_SESSION)
        return web
