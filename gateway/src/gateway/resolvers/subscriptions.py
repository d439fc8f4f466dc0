"""Live updates over graphql-transport-ws, fed by the services' Kafka events (see gateway.live)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from contracts.topics import AWARDS_EDITION, EVENTS_REGISTRATION, MEMBERSHIP_SIGNATURE, MEMBERSHIP_SUPPORT_LETTER
from servicekit.auth import Role

from gateway.context import Info
from gateway.errors import Forbidden, NotFound, UpstreamUnavailable
from gateway.node import local_id
from gateway.permissions import require_roles
from gateway.types.award_result import Result
from gateway.types.event import Event
from gateway.types.signature import Signature


@strawberry.type
class MembershipSubscription:
    @strawberry.subscription(
        description=(
            "Each change of a signature of one organisation (recorded, verified, rejected, withdrawn), as the signature now is: "
            "signatures of the pact and letters of support alike (documentKind tells which). "
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
        wanted = str(local_id(organisation_id)) if organisation_id is not None else None
        if principal.role is Role.MEMBER:
            if wanted not in (None, principal.organisation_id):
                raise Forbidden("A member may follow only its own organisation's signatures.")
            wanted = principal.organisation_id
        if info.context.live is None:
            raise UpstreamUnavailable("Live updates are not available on this gateway.")

        def concerns(event_type: str, payload: dict) -> bool:
            return wanted is None or payload.get("organisation_id") == wanted

        # Letters of support have their own topic and id field; membership serves both as signatures.
        async for _, payload in info.context.live.events((MEMBERSHIP_SIGNATURE, MEMBERSHIP_SUPPORT_LETTER), concerns):
            signature_id = payload.get("signature_id") or payload.get("support_letter_id")
            if not signature_id:
                continue
            try:
                current = await info.context.membership.get_signature(str(signature_id))
            except NotFound:
                continue  # not visible to this subscriber
            yield Signature.from_upstream(current)


# Registration changes that move an event's seats or waitlist.
SEAT_EVENTS = frozenset({
    "events.registration.confirmed.v1", "events.registration.waitlisted.v1",
    "events.registration.promoted.v1", "events.registration.cancelled.v1",
})
RESULTS_PUBLISHED = "awards.results.published.v1"


def _live(info: Info):
    if info.context.live is None:
        raise UpstreamUnavailable("Live updates are not available on this gateway.")
    return info.context.live


@strawberry.type
class EventsSubscription:
    @strawberry.subscription(
        description=(
            "The event as it is now, then again each time one of its registrations is confirmed, waitlisted, promoted or "
            "cancelled: follow seatsLeft and waitlisted live. Anyone who may see the event may follow it (NOT_FOUND otherwise)."
        )
    )
    async def event_seats_changed(
        self, info: Info, event_id: Annotated[strawberry.ID, strawberry.argument(description="The event to follow.")],
    ) -> AsyncGenerator[Event, None]:
        live, wanted = _live(info), str(local_id(event_id))

        def concerns(event_type: str, payload: dict) -> bool:
            return event_type in SEAT_EVENTS and payload.get("event_id") == wanted

        subscriber = live.subscribe(EVENTS_REGISTRATION, concerns)  # collect from now: a change while we fetch is not missed
        try:
            await live.positioned(EVENTS_REGISTRATION)
            # The current state first (NOT_FOUND, unknown or not visible to the caller, ends it here), so a client
            # never shows seats from before it subscribed.
            yield Event.from_upstream(await info.context.events.get_event(wanted))
            while True:
                await subscriber.queue.get()
                while not subscriber.queue.empty():  # one fetch shows them all: a burst (an event cancelled) costs one call
                    subscriber.queue.get_nowait()
                yield Event.from_upstream(await info.context.events.get_event(wanted))
        finally:
            live.unsubscribe(EVENTS_REGISTRATION, subscriber)


@strawberry.type
class AwardsSubscription:
    @strawberry.subscription(
        description=(
            "The edition's result once it is published, then the subscription completes (at once if it was published already). "
            "Nobody but the secretariat sees a result before publication; NOT_FOUND for an unknown edition."
        )
    )
    async def edition_results_published(
        self, info: Info, edition_id: Annotated[strawberry.ID, strawberry.argument(description="The edition to follow.")],
    ) -> AsyncGenerator[Result, None]:
        live, wanted = _live(info), str(local_id(edition_id))

        def concerns(event_type: str, payload: dict) -> bool:
            return event_type == RESULTS_PUBLISHED and payload.get("edition_id") == wanted

        subscriber = live.subscribe(AWARDS_EDITION, concerns)  # collect from now: a publication while we look is not missed
        try:
            await live.positioned(AWARDS_EDITION)
            edition = await info.context.awards.get_edition(wanted)
            if not edition.get("results_published_at"):
                await subscriber.queue.get()
            yield Result.from_upstream(await info.context.awards.results(wanted))
        finally:
            live.unsubscribe(AWARDS_EDITION, subscriber)
