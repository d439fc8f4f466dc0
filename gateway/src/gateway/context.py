"""What every resolver of one request sees: the caller, the correlation id, clients and loaders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import httpx
from starlette.requests import HTTPConnection
from servicekit.auth import ANONYMOUS, InvalidToken, Principal, TokenVerifier
from servicekit.logging import current_correlation_id, new_correlation_id
from strawberry.fastapi import BaseContext
from strawberry.types import Info as _Info

from gateway.clients.awards import AwardsClient
from gateway.clients.base import CORRELATION_HEADER
from gateway.clients.breaker import CircuitBreaker
from gateway.clients.events import EventsClient
from gateway.clients.membership import MembershipClient
from gateway.clients.notifications import NotificationsClient
from gateway.loaders.event_by_id import EventByIdLoader
from gateway.loaders.organisation_by_id import OrganisationByIdLoader
from gateway.loaders.own_ballot_by_nomination import OwnBallotByNominationLoader
from gateway.loaders.registrations_by_event import RegistrationsByEventLoader


@dataclass
class Loaders:
    organisation_by_id: OrganisationByIdLoader
    event_by_id: EventByIdLoader
    own_ballot_by_nomination: OwnBallotByNominationLoader
    registrations_by_event: RegistrationsByEventLoader


@dataclass
class Context(BaseContext):
    principal: Principal
    correlation_id: str
    membership: MembershipClient
    events: EventsClient
    awards: AwardsClient
    notifications: NotificationsClient
    loaders: Loaders
    # Set when a token was sent but refused; the operation then fails as a whole
    # (see extensions.RefuseInvalidToken) rather than quietly running as public.
    auth_error: str | None = None
    # Whom the rate limit counts: the token's subject, else the client's address.
    rate_key: str | None = None
    # The Kafka reader behind subscriptions (gateway.live); None where subscriptions are off.
    live: Any = None

    def replace_with(self, other: "Context") -> None:
        """Take another context's caller and clients (a WebSocket authenticates after connecting)."""
        for f in fields(other):
            setattr(self, f.name, getattr(other, f.name))

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


def build_loaders(principal: Principal, membership: MembershipClient, events: EventsClient, awards: AwardsClient, *, batch: bool) -> Loaders:
    """Per request, so no cache outlives it. ``batch=False`` (GATEWAY_BATCH_LOADS=false) loads one key per
    upstream call: only for measuring what batching saves (bench/gateway_queries.py)."""
    size = {} if batch else {"max_batch_size": 1}
    return Loaders(
        organisation_by_id=OrganisationByIdLoader(membership, **size),
        event_by_id=EventByIdLoader(events, **size),
        own_ballot_by_nomination=OwnBallotByNominationLoader(awards, principal.juror_id, **size),
        registrations_by_event=RegistrationsByEventLoader(events, **size),
    )


def build_context(
    *,
    authorization: str | None,
    correlation_id: str,
    verifier: TokenVerifier,
    upstreams: Mapping[str, httpx.AsyncClient],
    batch: bool = True,
    breakers: Mapping[str, CircuitBreaker] | None = None,
) -> Context:
    """``upstreams`` holds the process's connection pool per service, by service name; ``breakers`` its circuit breakers."""
    principal, auth_error = authenticate(authorization, verifier)

    def client(cls):
        breaker = (breakers or {}).get(cls.SERVICE)
        return cls(upstreams[cls.SERVICE], token=principal.token, correlation_id=correlation_id, breaker=breaker)

    membership, events, awards = client(MembershipClient), client(EventsClient), client(AwardsClient)
    return Context(
        principal=principal,
        correlation_id=correlation_id,
        membership=membership,
        events=events,
        awards=awards,
        notifications=client(NotificationsClient),
        loaders=build_loaders(principal, membership, events, awards, batch=batch),
        auth_error=auth_error,
    )


async def get_context(request: HTTPConnection) -> Context:
    """FastAPI dependency: the context of one GraphQL request or WebSocket connection."""
    # The correlation middleware has bound the id already; the header is the fallback
    # for when the router runs without it.
    correlation_id = current_correlation_id() or request.headers.get(CORRELATION_HEADER) or new_correlation_id()
    context = build_context(
        authorization=request.headers.get("Authorization"),
        correlation_id=correlation_id,
        verifier=request.app.state.verifier,
        upstreams=request.app.state.upstreams,
        batch=request.app.state.batch_loads,
        breakers=getattr(request.app.state, "breakers", None),
    )
    client = request.client.host if request.client else "unknown"
    trusted = getattr(request.app.state, "trusted_documents", None)
    visitor = trusted.visitor(request.headers) if trusted is not None else None  # the web site asking for one of its visitors
    context.rate_key = f"sub:{context.principal.subject}" if not context.principal.is_public else \
        f"visitor:{visitor}" if visitor else f"ip:{client}"
    context.live = getattr(request.app.state, "live", None)
    return context
