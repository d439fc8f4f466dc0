"""FastAPI plumbing shared by the services: errors, correlation ids, auth dependencies."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from servicekit.auth import ANONYMOUS, InvalidToken, Principal, Role, TokenVerifier
from servicekit.errors import Forbidden, Unauthenticated, install_problem_handlers
from servicekit.logging import new_correlation_id

CORRELATION_HEADER = "X-Correlation-Id"
log = structlog.get_logger()

_bearer = HTTPBearer(auto_error=False, description="JWT issued for the pact platform")


def install_http_basics(app: FastAPI, verifier: TokenVerifier) -> None:
    app.state.verifier = verifier
    install_problem_handlers(app)

    @app.middleware("http")
    async def correlation_middleware(request: Request, call_next):
        correlation_id = request.headers.get(CORRELATION_HEADER) or new_correlation_id()
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        try:
            response = await call_next(request)
        finally:
            structlog.contextvars.unbind_contextvars("correlation_id")
        response.headers[CORRELATION_HEADER] = correlation_id
        return response


def current_principal(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Principal:
    """The caller; anonymous (public) when no token is sent, 401 when a token is sent but invalid."""
    if credentials is None:
        return ANONYMOUS
    try:
        return request.app.state.verifier.verify(credentials.credentials)
    except InvalidToken as exc:
        raise Unauthenticated(f"The bearer token was refused: {exc}.") from None


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role):
    """Dependency: the caller must hold one of ``roles``; 401 without a token, 403 with the wrong one."""
    allowed = ", ".join(r.value for r in roles)

    def check(principal: CurrentPrincipal) -> Principal:
        if principal.is_public:
            raise Unauthenticated(f"This needs a bearer token with role {allowed}.")
        if principal.role not in roles:
            raise Forbidden(f"Role {principal.role.value} may not do this; it needs {allowed}.")
        return principal

    check.required_roles = roles  # read by document_optional_auth
    return Depends(check)


def required_roles(dependant) -> tuple[Role, ...] | None:
    """The roles a route's ``require_roles`` asks for (searched through its dependencies); None when it has none."""
    for dependency in dependant.dependencies:
        roles = getattr(dependency.call, "required_roles", None) or required_roles(dependency)
        if roles:
            return roles
    return None


def document_optional_auth(app: FastAPI) -> None:
    """OpenAPI says a token is optional where it is: routes without ``require_roles`` answer the public too.

    FastAPI lists the bearer scheme as required wherever it is used; an empty requirement
    next to it tells clients (and fuzzers) that calling without a token is valid.
    """
    from fastapi import routing
    from fastapi.openapi.utils import _get_api_route_for_openapi, get_openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for context in routing.iter_route_contexts(app.routes):  # what get_openapi documents, included routers too
            route = _get_api_route_for_openapi(context)
            if route is None or required_roles(route.dependant):
                continue
            for method in route.methods:
                operation = schema["paths"].get(route.path_format, {}).get(method.lower())
                if operation and operation.get("security"):
                    operation["security"] = [{}, *operation["security"]]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
