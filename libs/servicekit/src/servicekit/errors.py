"""RFC 9457 problem+json errors with a stable ``code`` that clients can switch on."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger()

_STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "BAD_USER_INPUT",
    429: "RATE_LIMITED",
    503: "UNAVAILABLE",
}


class FieldError(BaseModel):
    field: str
    message: str
    type: str


class Problem(BaseModel):
    """The error body of every service; its schema is published in OpenAPI."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str | None = None
    errors: list[FieldError] = []


class ProblemError(Exception):
    """Raise from an entrypoint to answer with a problem document."""

    def __init__(self, status: int, code: str, title: str, detail: str | None = None, errors: list[FieldError] | None = None):
        super().__init__(detail or title)
        self.problem = Problem(status=status, code=code, title=title, detail=detail, errors=errors or [])


class NotFound(ProblemError):
    def __init__(self, what: str, ident: str):
        super().__init__(404, "NOT_FOUND", f"{what} not found", f"No {what.lower()} has id {ident!r}.")


class Unauthenticated(ProblemError):
    def __init__(self, detail: str = "A valid bearer token is required."):
        super().__init__(401, "UNAUTHENTICATED", "Not authenticated", detail)


class Forbidden(ProblemError):
    def __init__(self, detail: str = "Your role may not do this."):
        super().__init__(403, "FORBIDDEN", "Forbidden", detail)


def problem_response(problem: Problem, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(problem.model_dump(exclude_none=True), status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


def _allowed_methods(request: Request) -> str:
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def _field_path(loc: tuple[Any, ...]) -> str:
    # ("body", "website") -> "website"; the location kind is noise for a person fixing a form.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(_: Request, exc: ProblemError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.problem.status == 401 else None
        return problem_response(exc.problem, headers)

    async def on_validation(_: Request, exc: RequestValidationError):
        errors = [FieldError(field=_field_path(e["loc"]), message=e["msg"], type=e["type"]) for e in exc.errors()]
        return problem_response(
            Problem(status=422, code="BAD_USER_INPUT", title="Invalid input", detail="Some fields are invalid; see errors.", errors=errors)
        )

    async def on_http(request: Request, exc: StarletteHTTPException):
        code = _STATUS_CODES.get(exc.status_code, "ERROR")
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)  # RFC 9110; Starlette names only the first route's
        problem = Problem(status=exc.status_code, code=code, title=code.replace("_", " ").capitalize(), detail=detail)
        return problem_response(problem, headers=headers or None)

    async def on_unexpected(_: Request, exc: Exception):
        # Logged with its traceback here; the client gets no internals.
        log.exception("http.unhandled_error", error=type(exc).__name__)
        return problem_response(Problem(status=500, code="INTERNAL", title="Internal error", detail="Something went wrong on our side."))

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    async def on_unencodable(_: Request, exc: UnicodeEncodeError):
        # JSON may carry lone surrogates ("\ud800"); no database or hash takes them, and only a client sends them.
        return problem_response(Problem(status=422, code="BAD_USER_INPUT", title="Invalid text",
                                        detail="The request contains text that is not valid Unicode (a lone surrogate)."))

    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(UnicodeEncodeError, on_unencodable)
    app.add_exception_handler(Exception, on_unexpected)


PROBLEM_RESPONSES = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": code}
    for status, code in _STATUS_CODES.items()
    if status in (401, 403, 404, 409, 422)
}
# What any route may answer: a body that is not JSON (400), a token refused (401), a missing
# resource (404), a request that does not fit (422).
COMMON_PROBLEMS = {status: PROBLEM_RESPONSES[status] if status in PROBLEM_RESPONSES else
                   {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": _STATUS_CODES[status]}
                   for status in (400, 401, 404, 422)}
