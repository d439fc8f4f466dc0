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

    return Depends(check)
