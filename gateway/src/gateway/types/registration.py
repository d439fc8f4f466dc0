"""Registrations as the schema shows them. Personal data only for the registrant, organisers and the secretariat."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from gateway.context import Info

from gateway.types.organisation import Language
from gateway.types.pagination import PageInfo
from gateway.node import each_or_none, global_id

if TYPE_CHECKING:
    from gateway.types.event import Event


@strawberry.enum(description="Where a registration stands.")
class RegistrationStatus(Enum):
    CONFIRMED = strawberry.enum_value("confirmed", description="Has a seat.")
    WAITLISTED = strawberry.enum_value("waitlisted", description="Waits for a seat; promoted in order when one frees up.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled by the registrant, an organiser, or with the event.")
    CHECKED_IN = strawberry.enum_value("checked_in", description="Admitted at the door.")


def _when(data: dict[str, Any], key: str) -> datetime | None:
    return datetime.fromisoformat(data[key]) if data.get(key) else None


@strawberry.type(description="A person's registration for an event. The personal fields are null unless you are the registrant or organise the event.")
class Registration(relay.Node):
    id: relay.NodeID[str]
    event_id: strawberry.ID = strawberry.field(description="The event registered for.")
    status: RegistrationStatus = strawberry.field(description="Where it stands.")
    waitlist_position: int | None = strawberry.field(description="1 = next to get a seat; null unless waitlisted.")
    registered_at: datetime = strawberry.field(description="When it was made (UTC).")
    confirmed_at: datetime | None = strawberry.field(description="When it got a seat (UTC).")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled (UTC).")
    checked_in_at: datetime | None = strawberry.field(description="When the attendee was admitted (UTC).")
    name: str | None = strawberry.field(description="The registrant's name.")
    email: str | None = strawberry.field(description="The registrant's e-mail address.")
    organisation: str | None = strawberry.field(description="Organisation as the registrant gave it.")
    organisation_id: strawberry.ID | None = strawberry.field(description="The member organisation that registered its staff member.")
    language: Language | None = strawberry.field(description="The registrant's preferred language.")
    ticket_code: str | None = strawberry.field(description="The code the door scans.")
    cancel_url: str | None = strawberry.field(description="The personal link that cancels without an account.")
    calendar_url: str | None = strawberry.field(description="The registrant's iCalendar file.")
    ticket_url: str | None = strawberry.field(description="The ticket code as a QR image.")
    join_url: str | None = strawberry.field(description="The personal join link, once released and while the registration holds a seat.")

    @strawberry.field(description="The event registered for (batched); null if you may no longer see it.")
    async def event(self, info: Info) -> Annotated["Event", strawberry.lazy("gateway.types.event")] | None:
        return await info.context.loaders.event_by_id.load(str(self.event_id))

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Registration | None]:
        """``node(id)``: fetched from the service one by one (it has no batch read for them)."""

        async def fetch(node_id: str) -> Registration:
            return cls.from_upstream(await info.context.events.get_registration(node_id))

        return await each_or_none(node_ids, fetch)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Registration:
        return cls(
            id=data["id"], event_id=global_id("Event", data["event_id"]), status=RegistrationStatus(data["status"]),
            waitlist_position=data.get("waitlist_position"), registered_at=datetime.fromisoformat(data["registered_at"]),
            confirmed_at=_when(data, "confirmed_at"), cancelled_at=_when(data, "cancelled_at"), checked_in_at=_when(data, "checked_in_at"),
            name=data.get("name"), email=data.get("email"), organisation=data.get("organisation"),
            organisation_id=global_id("Organisation", data["organisation_id"]) if data.get("organisation_id") else None,
            language=Language(data["language"]) if data.get("language") else None, ticket_code=data.get("ticket_code"),
            cancel_url=data.get("cancel_url"), calendar_url=data.get("calendar_url"), ticket_url=data.get("ticket_url"),
            join_url=data.get("join_url"),
        )


@strawberry.type(description="A registration in a page, with the cursor that points just after it.")
class RegistrationEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this registration.")
    node: Registration = strawberry.field(description="The registration.")


@strawberry.type(description="A page of registrations in registration order (Relay connection).")
class RegistrationConnection:
    edges: list[RegistrationEdge] = strawberry.field(description="The registrations of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many registrations match, over all pages.")

    @strawberry.field(description="The registrations of this page, without cursors.")
    def nodes(self) -> list[Registration]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="The answer to a ticket scan at the door.")
class CheckInResult:
    registration: Registration = strawberry.field(description="The registration, now checked in.")
    already_checked_in: bool = strawberry.field(description="True when the ticket had been scanned before: admit, nothing changed.")


@strawberry.type(description="What a personal join link admits to now.")
class JoinLink:
    registration_id: strawberry.ID = strawberry.field(description="The registration the link belongs to.")
    status: RegistrationStatus = strawberry.field(description="Where the registration stands.")
    active: bool = strawberry.field(description="Whether the link admits its holder now (a seat held, the event on).")
    url: str | None = strawberry.field(description="The meeting's address; only while active.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> JoinLink:
        return cls(registration_id=global_id("Registration", data["registration_id"]), status=RegistrationStatus(data["status"]),
                   active=bool(data["active"]), url=data.get("join_url") if data.get("active") else None)
