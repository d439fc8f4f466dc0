"""Personal data: what every service holds of one person (export), and their erasure (requested in membership)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from servicekit.auth import Role
from strawberry.scalars import JSON

from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection
from gateway.context import Info
from gateway.permissions import require_roles
from gateway.types.privacy import ErasureRequest, ErasureRequestConnection, ErasureRequestEdge, PersonErasureInput

PRIVACY_OFFICERS = (Role.SECRETARIAT, Role.OPERATOR)


@strawberry.type(description="What one service holds of a person.")
class ServicePersonalData:
    service: str = strawberry.field(description="membership, events, awards or notifications.")
    records: JSON = strawberry.field(description="The person's records by kind, as the service keeps them (secrets such as signed links left out).")


@strawberry.type
class PrivacyQuery:
    @strawberry.field(
        description="Everything the platform holds of one person, service by service (secretariat, operators): the answer to a "
                    "subject access request. All or nothing: if a service does not answer, the whole field is UPSTREAM_UNAVAILABLE "
                    "rather than an export that silently misses what that service holds.",
        extensions=[require_roles(*PRIVACY_OFFICERS)],
    )
    async def personal_data(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="The person's e-mail address.")],
        names: Annotated[list[str] | None, strawberry.argument(
            description="Names the person was recorded under without an e-mail address (as signatory, group member, speaker).")] = None,
    ) -> list[ServicePersonalData]:
        clients = (info.context.membership, info.context.events, info.context.awards, info.context.notifications)
        answers = await asyncio.gather(*(c.export_person(email, names or []) for c in clients), return_exceptions=True)
        for answer in answers:
            if isinstance(answer, BaseException):
                raise answer  # e.g. UPSTREAM_UNAVAILABLE from the service that failed
        return [ServicePersonalData(service=a.get("service", c.SERVICE), records=a.get("records", {})) for c, a in zip(clients, answers)]

    @strawberry.field(description="One erasure request with each service's answer (secretariat, operators).",
                      extensions=[require_roles(*PRIVACY_OFFICERS)])
    async def erasure_request(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The request's id.")]) -> ErasureRequest:
        return ErasureRequest.from_upstream(await info.context.membership.get_erasure_request(str(id)))

    @strawberry.field(description="Erasure requests, oldest first (secretariat, operators).", extensions=[require_roles(*PRIVACY_OFFICERS)])
    async def erasure_requests(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None,
    ) -> ErasureRequestConnection:
        return await build_connection(first, after, info.context.membership.list_erasure_requests, last=last, before=before,
                                      edge=ErasureRequestEdge, node=ErasureRequest.from_upstream, connection=ErasureRequestConnection)


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(
        description="Erase a person from the whole platform on their request (secretariat, operators). Every service erases or "
                    "pseudonymises what it holds of them and answers; follow `status` until COMPLETED. Filing the same person again "
                    "while a request is pending returns that request.",
        extensions=[require_roles(*PRIVACY_OFFICERS)],
    )
    async def request_person_erasure(self, info: Info, input: Annotated[PersonErasureInput, strawberry.argument(description="Whom and why.")]) -> ErasureRequest:
        body = {"email": input.email, "names": input.names, "reason": input.reason}
        return ErasureRequest.from_upstream(await info.context.membership.request_erasure(body))
