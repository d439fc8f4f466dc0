"""Live updates over graphql-transport-ws, fed by the services' Kafka events (see gateway.live)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from contracts.topics import MEMBERSHIP_SIGNATURE
from servicekit.auth import Role

from gateway.context import Info
from gateway.errors import Forbidden, NotFound, UpstreamUnavailable
from gateway.permissions import require_roles
from gateway.types.signature import Signature


@strawberry.type
class MembershipSubscription:
    @strawberry.subscription(
        description=(
            "Each change of a signature of one organisation (recorded, verified, rejected, withdrawn), as the signature now is. "
            "A member follows its own organisation; the secretariat and operators any, or all when organisationId is omitted."
        ),
        extensions=[require_roles(Role.MEMBER, Role.SECRETARIAT, Role.OPERATOR)],
    )
    async def signature_changed(
        self,
        info: Info,
        organisation_id: Annotated[strawberry.ID | None, strawberry.argument(description="The organisation to follow.")] = None,
    ) -> AsyncGenerator[Signature, None]:
        principal = info.context.principal
        wanted = str(organisation_id) if organisation_id is not None else None
        if principal.role is Role.MEMBER:
            if wanted not in (None, principal.organisation_id):
                raise Forbidden("A member may follow only its own organisation's signatures.")
            wanted = principal.organisation_id
        if info.context.live is None:
            raise UpstreamUnavailable("Live updates are not available on this gateway.")

        def concerns(event_type: str, payload: dict) -> bool:
            return wanted is None or payload.get("organisation_id") == wanted

        async for _, payload in info.context.live.events(MEMBERSHIP_SIGNATURE, concerns):
            try:
                current = await info.context.membership.get_signature(str(payload["signature_id"]))
            except NotFound:
                continue  # not visible to this subscriber
            yield Signature.from_upstream(current)
