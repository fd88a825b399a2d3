"""How the core's errors become HTTP answers: JSON under /api, a Vietnamese page elsewhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from dondoc.portal.deps import ScriptRefused, SignInRequired
from dondoc.portal.rendering import page
from dondoc.portal.subtasks.operations import SchedulingFailed
from dondoc.record.errors import Conflict, DondocError, Forbidden, NotFound


def status_for(exc: DondocError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, SchedulingFailed):
        return 503
    # anything else the core refuses is bad input
    return 422


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def install(app: FastAPI) -> None:
    @app.exception_handler(DondocError)
    async def dondoc_error(request: Request, exc: DondocError) -> Response:
        status = status_for(exc)
        if _is_api(request) or isinstance(exc, ScriptRefused):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return page(request, "error.html", status, message=str(exc), status=status)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        if exc.script:
            return JSONResponse({"detail": str(exc)}, status_code=401)
        return page(request, "signin.html", 401)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request) or exc.status_code in (405, 413):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        message = "Không tìm thấy trang." if exc.status_code == 404 else str(exc.detail)
        return page(request, "error.html", exc.status_code, message=message, status=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # the default handler, minus the rejected input echoed back (it may be a whole file)
        errors = [{k: v for k, v in e.items() if k not in ("input", "ctx", "url")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)
