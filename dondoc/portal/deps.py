"""Who is calling: a Bearer token for the API, a session cookie (opened by a secret link) for
the web pages. The two never mix, so the API needs no CSRF defence and the web does."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dondoc.context import Context
from dondoc.record import clock
from dondoc.work.access import Principal, authenticate, resume_session

SESSION_COOKIE = "dondoc_session"
CSRF_FIELD = "csrf_token"

_bearer = HTTPBearer(
    auto_error=False, description="Mã trong đường dẫn riêng (dondoc link CODE --json: token)"
)


def get_context(request: Request) -> Context:
    context: Context = request.app.state.ctx
    return context


ContextDep = Annotated[Context, Depends(get_context)]


def api_principal(
    ctx: ContextDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "cần mã truy cập: Authorization: Bearer <mã>", {"WWW-Authenticate": "Bearer"}
        )
    with ctx.session() as session:
        principal = authenticate(session, credentials.credentials)
    if principal is None:
        raise HTTPException(
            401,
            "mã truy cập không hợp lệ hoặc đã bị thu hồi",
            {"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return principal


ApiPrincipal = Annotated[Principal, Depends(api_principal)]


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf: str
    cookie: str


def web_session(request: Request, ctx: Context) -> WebSession | None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    with ctx.session() as session:
        found = resume_session(session, cookie, now=clock.now())
    return WebSession(found[0], found[1], cookie) if found else None


def csrf_ok(web: WebSession, submitted: object) -> bool:
    return isinstance(submitted, str) and hmac.compare_digest(web.csrf.encode(), submitted.encode())
