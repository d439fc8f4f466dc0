"""Events of the pact as the schema shows them: kinds, programme, seats. Never the meeting URL."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay

from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg
from gateway.context import Info
from gateway.types.organisation import Language, Organisation
from gateway.types.pagination import PageInfo
from gateway.types.text import LocalizedText


@strawberry.enum(description="What kind of gathering an event is.")
class EventKind(Enum):
    IN_PERSON_MEETING = strawberry.enum_value("in_person_meeting", description="A meeting at a venue, such as the annual meeting in Antwerp.")
    ONLINE_CONFERENCE = strawberry.enum_value("online_conference", description="A conference held online.")
    WORKSHOP = strawberry.enum_value("workshop", description="A hands-on workshop, at a venue or online.")
    WEBINAR = strawberry.enum_value("webinar", description="A webinar, online.")


@strawberry.enum(description="Where an event stands.")
class EventStatus(Enum):
    DRAFT = strawberry.enum_value("draft", description="Being prepared; only the secretariat sees it.")
    PUBLISHED = strawberry.enum_value("published", description="Visible, and open for registration within its window.")
    CANCELLED = strawberry.enum_value("cancelled", description="Called off; its registrations were cancelled.")
    COMPLETED = strawberry.enum_value("completed", description="Published and over.")


@strawberry.enum(description="Who an event is for.")
class Audience(Enum):
    PUBLIC = strawberry.enum_value("public", description="Anyone may see it and register.")
    MEMBERS = strawberry.enum_value("members", description="Pact members' staff and the secretariat only.")


@strawberry.enum(description="What happens in a session of the programme.")
class SessionKind(Enum):
    TALK = strawberry.enum_value("talk", description="A talk or presentation.")
    PANEL = strawberry.enum_value("panel", description="A panel discussion.")
    TESTIMONY = strawberry.enum_value("testimony", description="A testimony from the field.")
    QA = strawberry.enum_value("qa", description="Questions and answers.")
    BREAK = strawberry.enum_value("break", description="A break.")
    AWARD_CEREMONY = strawberry.enum_value("award_ceremony", description="An award ceremony, such as the Fair ICT Awards.")


@strawberry.enum(description="Which events to list by time.")
class EventTiming(Enum):
    UPCOMING = strawberry.enum_value("upcoming", description="Not yet ended, soonest first.")
    PAST = strawberry.enum_value("past", description="Ended, latest first.")


def _texts(values: dict[str, str]) -> list[LocalizedText]:
    return [LocalizedText(language=Language(lang), text=text) for lang, text in values.items()]  # the service's order


@strawberry.type(description="Someone who speaks in a session.")
class Speaker:
    name: str = strawberry.field(description="The speaker's name.")
    affiliation: str | None = strawberry.field(description="Organisation or role, e.g. LIPS.")


@strawberry.type(description="A session of an event's programme.")
class Session:
    id: strawberry.ID = strawberry.field(description="Stable id of the session (the awards refer to their ceremony by it).")
    starts_at: datetime = strawberry.field(description="Start (UTC).")
    starts_at_local: str = strawberry.field(description="Start in Europe/Brussels, ISO 8601 with offset.")
    ends_at: datetime = strawberry.field(description="End (UTC).")
    duration_minutes: int = strawberry.field(description="Length in minutes.")
    title: str = strawberry.field(description="Title of the session.")
    kind: SessionKind = strawberry.field(description="What happens in it.")
    track: str = strawberry.field(description="The track; sessions in one track never overlap.")
    speakers: list[Speaker] = strawberry.field(description="Who speaks, in order.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Session:
        return cls(
            id=strawberry.ID(data["id"]), starts_at=datetime.fromisoformat(data["starts_at"]), starts_at_local=data["starts_at_local"],
            ends_at=datetime.fromisoformat(data["ends_at"]), duration_minutes=data["duration_minutes"], title=data["title"],
            kind=SessionKind(data["kind"]), track=data["track"], speakers=[Speaker(name=s["name"], affiliation=s.get("affiliation")) for s in data["speakers"]],
        )


def _when(data: dict[str, Any], key: str) -> datetime | None:
    return datetime.fromisoformat(data[key]) if data.get(key) else None


@strawberry.type(description="An event of the pact: a meeting, conference, workshop or webinar, with its programme. The meeting URL is never shown.")
class Event(relay.Node):
    id: relay.NodeID[str]
    kind: EventKind = strawberry.field(description="What kind of gathering it is.")
    status: EventStatus = strawberry.field(description="Where it stands.")
    titles: list[LocalizedText] = strawberry.field(description="The title in each language it has.")
    descriptions: list[LocalizedText] = strawberry.field(description="The description in each language it has.")
    languages: list[Language] = strawberry.field(description="Languages spoken at the event, main one first.")
    starts_at: datetime = strawberry.field(description="Start (UTC).")
    ends_at: datetime = strawberry.field(description="End (UTC).")
    starts_at_local: str = strawberry.field(description="Start in Europe/Brussels, ISO 8601 with offset.")
    ends_at_local: str = strawberry.field(description="End in Europe/Brussels, ISO 8601 with offset.")
    timezone: str = strawberry.field(description="The IANA time zone the event is held in.")
    online: bool = strawberry.field(description="Held online; registrants receive a personal join link.")
    venue: str | None = strawberry.field(description="Venue address of an in-person event.")
    audience: Audience = strawberry.field(description="Who it is for.")
    registration_opens_at: datetime | None = strawberry.field(description="When registration opens (UTC); null: on publication.")
    registration_closes_at: datetime | None = strawberry.field(description="When registration closes (UTC); null: at the start.")
    registration_open: bool = strawberry.field(description="Whether a registration would be accepted now.")
    capacity: int | None = strawberry.field(description="Seats; null means no limit.")
    waitlist: bool = strawberry.field(description="Whether a waitlist is kept once the seats are taken.")
    seats_left: int | None = strawberry.field(description="Seats still free; null when there is no limit.")
    waitlisted: int = strawberry.field(description="How many wait for a seat.")
    sessions: list[Session] = strawberry.field(description="The programme, in order.")
    calendar_url: str = strawberry.field(description="The event as an iCalendar (.ics) file.")
    published_at: datetime | None = strawberry.field(description="When it was published (UTC).")
    cancel_reason: str | None = strawberry.field(description="Why it was cancelled; null unless cancelled.")
    organiser_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The title in the language asked for, else in the first language it has.")
    def title(self, language: Annotated[Language | None, strawberry.argument(description="Preferred language.")] = None) -> str:
        chosen = [t.text for t in self.titles if t.language == language]
        return chosen[0] if chosen else self.titles[0].text

    @strawberry.field(description="The organising organisations (batched through membership).")
    async def organisers(self, info: Info) -> list[Organisation]:
        found = await info.context.loaders.organisation_by_id.load_many(self.organiser_ids)
        return [o for o in found if o is not None]

    @strawberry.field(
        description="Its registrations, oldest first: only for its organisers and the secretariat (else FORBIDDEN). "
        "The first pages of all events of a list come in one call to the events service."
    )
    async def registrations(
        self, info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        status: Annotated[RegistrationStatus | None, strawberry.argument(description="Only registrations with this status.")] = None,
    ) -> RegistrationConnection:
        from functools import partial

        from gateway.connections import build_connection
        from gateway.loaders.registrations_by_event import RegistrationsKey

        wanted = status.value if status else None

        async def first_page(*, first: int, after: str | None) -> dict[str, Any]:
            return await info.context.loaders.registrations_by_event.load(RegistrationsKey(str(self.id), first, wanted))

        # The first page of every listed event's registrations comes in one call (RegistrationsByEventLoader).
        forwards_from_start = after is None and last is None and before is None
        fetch = first_page if forwards_from_start else partial(info.context.events.list_registrations, str(self.id), status=wanted)
        return await build_connection(first, after, fetch, last=last, before=before, edge=RegistrationEdge, node=Registration.from_upstream, connection=RegistrationConnection)

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Event | None]:
        """``node(id)``: through the request's loader, so any number of ids is one call."""
        return await info.context.loaders.event_by_id.load_many(list(node_ids))

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=data["id"], kind=EventKind(data["kind"]), status=EventStatus(data["status"]), titles=_texts(data["title"]),
            descriptions=_texts(data["description"]), languages=[Language(l) for l in data["languages"]],
            starts_at=datetime.fromisoformat(data["starts_at"]), ends_at=datetime.fromisoformat(data["ends_at"]),
            starts_at_local=data["starts_at_local"], ends_at_local=data["ends_at_local"], timezone=data["timezone"], online=data["online"],
            venue=data.get("venue"), audience=Audience(data["audience"]), registration_opens_at=_when(data, "registration_opens_at"),
            registration_closes_at=_when(data, "registration_closes_at"), registration_open=data["registration_open"],
            capacity=data.get("capacity"), waitlist=data["waitlist"], seats_left=data.get("seats_left"), waitlisted=data["waitlisted"],
            sessions=[Session.from_upstream(s) for s in data["sessions"]], calendar_url=data["calendar_url"],
            published_at=_when(data, "published_at"), cancel_reason=data.get("cancel_reason"), organiser_ids=list(data["organiser_ids"]),
        )


@strawberry.type(description="An event in a page of events, with the cursor that points just after it.")
class EventEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this event.")
    node: Event = strawberry.field(description="The event.")


@strawberry.type(description="A page of events (Relay connection).")
class EventConnection:
    edges: list[EventEdge] = strawberry.field(description="The events of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many events match the filters, over all pages.")

    @strawberry.field(description="The events of this page, without cursors.")
    def nodes(self) -> list[Event]:
        return [edge.node for edge in self.edges]


from gateway.types.registration import Registration, RegistrationConnection, RegistrationEdge, RegistrationStatus  # noqa: E402
