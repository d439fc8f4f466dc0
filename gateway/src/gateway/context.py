"""What every resolver of one request sees: the caller, the correlation id, clients and loaders."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from fastapi import Request
from servicekit.auth import ANONYMOUS, InvalidToken, Principal, TokenVerifier
from servicekit.logging import current_correlation_id, new_correlation_id
from strawberry.fastapi import BaseContext
from strawberry.types import Info as _Info

from gateway.clients.membership import CORRELATION_HEADER, MembershipClient
from gateway.loaders.organisation_by_id import OrganisationByIdLoader


@dataclass
class Loaders:
    organisation_by_id: OrganisationByIdLoader


@dataclass
class Context(BaseContext):
    principal: Principal
    correlation_id: str
    membership: MembershipClient
    loaders: Loaders
    # Set when a token was sent but refused; the operation then fails as a whole
    # (see extensions.RefuseInvalidToken) rather than quietly running as public.
    auth_error: str | None = None

    def __post_init__(self) -> None:
        super().__init__()


Info = _Info[Context, None]


def authenticate(authorization: str | None, verifier: TokenVerifier) -> tuple[Principal, str | None]:
    """The caller and, if their token was refused, why."""
    if not authorization:
        return ANONYMOUS, None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return ANONYMOUS, "The Authorization header must be 'Bearer <token>'."
    try:
        return verifier.verify(token.strip()), None
    except InvalidToken as exc:
        return ANONYMOUS, f"The bearer token was refused: {exc}."


def build_context(*, authorization: str | None, correlation_id: str, verifier: TokenVerifier, http: httpx.AsyncClient) -> Context:
    principal, auth_error = authenticate(authorization, verifier)
    membership = MembershipClient(http, token=principal.token, correlation_id=correlation_id)
    return Context(
        principal=principal,
        correlation_id=correlation_id,
        membership=membership,
        loaders=Loaders(organisation_by_id=OrganisationByIdLoader(membership)),
        auth_error=auth_error,
    )


async def get_context(request: Request) -> Context:
    """FastAPI dependency: the context of one GraphQL request."""
    # The correlation middleware has bound the id already; the header is the fallback
    # for when the router runs without it.
    correlation_id = current_correlation_id() or request.headers.get(CORRELATION_HEADER) or new_correlation_id()
    return build_context(
        authorization=request.headers.get("Authorization"),
        correlation_id=correlation_id,
        verifier=request.app.state.verifier,
        http=request.app.state.membership_http,
    )
