"""The events service's part of the schema: events, programme, registrations, check-in."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection
from gateway.context import Info
from gateway.errors import NotFound
from gateway.permissions import require_roles
from gateway.types.event import Event, EventConnection, EventEdge, EventKind, EventTiming, Session
from gateway.types.event_inputs import CreateEventInput, RegisterInput, SessionInput, UpdateEventInput
from gateway.types.organisation import Language
from gateway.types.registration import CheckInResult, JoinLink, Registration

STAFF = (Role.SECRETARIAT, Role.OPERATOR)


def _arg(description: str):
    return strawberry.argument(description=description)


@strawberry.type
class EventsQuery:
    @strawberry.field(description="Events the caller may see (drafts only for the secretariat), filtered, one page at a time.")
    async def events(
        self, info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        timing: Annotated[EventTiming | None, _arg("UPCOMING (soonest first) or PAST (latest first); all when omitted.")] = None,
        kind: Annotated[EventKind | None, _arg("Only events of this kind.")] = None,
        organiser_id: Annotated[strawberry.ID | None, _arg("Only events this organisation organises.")] = None,
        language: Annotated[Language | None, _arg("Only events held in this language.")] = None,
    ) -> EventConnection:
        fetch = partial(info.context.events.list_events, when=timing.value if timing else None, kind=kind.value if kind else None,
                        organiser=str(organiser_id) if organiser_id else None, language=language.value if language else None)
        return await build_connection(first, after, fetch, last=last, before=before, edge=EventEdge, node=Event.from_upstream, connection=EventConnection)

    @strawberry.field(description="One event by id; a NOT_FOUND error when there is none or you may not see it.")
    async def event(self, info: Info, id: Annotated[strawberry.ID, _arg("The event's id.")]) -> Event | None:
        event = await info.context.loaders.event_by_id.load(str(id))
        if event is None:
            raise NotFound(f"No event has id {str(id)!r}.")
        return event

    @strawberry.field(description="One registration: with the token of the registrant's personal link, or as an organiser of its event.")
    async def registration(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The registration's id.")],
        token: Annotated[str | None, _arg("The token of the personal link (from the confirmation).")] = None,
    ) -> Registration:
        return Registration.from_upstream(await info.context.events.get_registration(str(id), token))

    @strawberry.field(description="The registrant's iCalendar file (text/calendar), with the token of their personal calendar link.")
    async def registration_calendar(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The registration's id.")],
        token: Annotated[str, _arg("The token of the personal calendar link.")],
    ) -> str:
        return await info.context.events.registration_calendar(str(id), token)

    @strawberry.field(description=(
        "What a personal join link admits to: the meeting's address while the registration holds a seat (active), "
        "else only its status. FORBIDDEN for a token that is not this registration's join token."))
    async def registration_join_link(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The registration's id.")],
        token: Annotated[str, _arg("The token of the personal join link.")],
    ) -> JoinLink:
        return JoinLink.from_upstream(await info.context.events.join_link(str(id), token))


@strawberry.type
class EventsMutation:
    @strawberry.mutation(description="Create an event as a draft, with its programme (secretariat or operator).", extensions=[require_roles(*STAFF)])
    async def create_event(self, info: Info, input: Annotated[CreateEventInput, _arg("The event.")]) -> Event:
        return Event.from_upstream(await info.context.events.create_event(input.to_upstream()))

    @strawberry.mutation(description="Change an event's details (secretariat or operator); more seats promote the waitlist.",
                         extensions=[require_roles(*STAFF)])
    async def update_event(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The event's id.")], input: Annotated[UpdateEventInput, _arg("What changes.")]
    ) -> Event:
        return Event.from_upstream(await info.context.events.update_event(str(id), input.to_upstream()))

    @strawberry.mutation(description="Publish a draft (secretariat or operator).", extensions=[require_roles(*STAFF)])
    async def publish_event(self, info: Info, id: Annotated[strawberry.ID, _arg("The event's id.")]) -> Event:
        return Event.from_upstream(await info.context.events.publish_event(str(id)))

    @strawberry.mutation(description="Cancel an event and every registration (secretariat or operator).", extensions=[require_roles(*STAFF)])
    async def cancel_event(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The event's id.")], reason: Annotated[str, _arg("Why; registrants are told.")]
    ) -> Event:
        return Event.from_upstream(await info.context.events.cancel_event(str(id), reason))

    @strawberry.mutation(description="Add a session to an event's programme (secretariat or operator). CONFLICT (SESSION_OVERLAP) on overlap.",
                         extensions=[require_roles(*STAFF)])
    async def add_session(
        self, info: Info, event_id: Annotated[strawberry.ID, _arg("The event's id.")], input: Annotated[SessionInput, _arg("The session.")]
    ) -> Session:
        return Session.from_upstream(await info.context.events.add_session(str(event_id), input.to_upstream()))

    @strawberry.mutation(description=(
        "Register for a published event: anyone for a public event; a member's token registers its staff. "
        "The same e-mail twice returns the existing registration. Errors: REGISTRATION_CLOSED, CONFLICT (EVENT_FULL)."))
    async def register(
        self, info: Info, event_id: Annotated[strawberry.ID, _arg("The event's id.")], input: Annotated[RegisterInput, _arg("Who registers.")],
        idempotency_key: Annotated[str | None, _arg("Retry-safe: the same key returns the same registration.")] = None,
    ) -> Registration:
        return Registration.from_upstream(await info.context.events.register(str(event_id), input.to_upstream(), idempotency_key))

    @strawberry.mutation(description="Cancel a registration: with the personal link's token, or as an organiser. The first on the waitlist gets the seat.")
    async def cancel_registration(
        self, info: Info, id: Annotated[strawberry.ID, _arg("The registration's id.")],
        token: Annotated[str | None, _arg("The token of the personal cancel link.")] = None,
    ) -> Registration:
        return Registration.from_upstream(await info.context.events.cancel_registration(str(id), token))

    @strawberry.mutation(description="Check an attendee in by ticket code (door staff: secretariat). Scanning twice is harmless.",
                         extensions=[require_roles(*STAFF)])
    async def check_in(
        self, info: Info, event_id: Annotated[strawberry.ID, _arg("The event at whose door the ticket is scanned.")],
        ticket_code: Annotated[str, _arg("The scanned or typed ticket code.")],
    ) -> CheckInResult:
        answer = await info.context.events.check_in(str(event_id), ticket_code)
        return CheckInResult(registration=Registration.from_upstream(answer["registration"]), already_checked_in=answer["already_checked_in"])
