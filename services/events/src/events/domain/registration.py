"""Registrations: who comes to an event, whether they have a seat, and the door's ticket code."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from events.domain.errors import (
    EventFull,
    InvalidTransition,
    NotForThisAudience,
    RegistrationClosed,
    RegistrationNotOpen,
    TicketNotConfirmed,
)
from events.domain.model import Audience, Event, EventStatus, Language
from events.domain.times import in_brussels


class RegistrationStatus(str, Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"


ERASED_NAME = "[erased]"

HOLDS_SEAT = {RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN}

# No 0/O or 1/I/L: codes are read aloud at the door and typed in when a scan fails.
_TICKET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_ticket_code() -> str:
    raw = "".join(secrets.choice(_TICKET_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_ticket_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass
class Registration:
    id: str
    event_id: str
    name: str
    email: str
    organisation: str | None
    organisation_id: str | None
    language: Language
    consent: bool
    status: RegistrationStatus
    ticket_code: str
    registered_at: datetime
    waitlist_seq: int | None = None
    confirmed_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    checked_in_at: datetime | None = None
    idempotency_key: str | None = None

    @property
    def holds_seat(self) -> bool:
        return self.status in HOLDS_SEAT

    def cancel(self, by: str, now: datetime) -> bool:
        """Cancel; False when it already was (cancelling twice is not an error)."""
        if self.status is RegistrationStatus.CANCELLED:
            return False
        if self.status is RegistrationStatus.CHECKED_IN:
            raise InvalidTransition("The attendee has already checked in; the registration can no longer be cancelled.")
        self.status, self.cancelled_at, self.cancelled_by = RegistrationStatus.CANCELLED, now, by
        return True

    def promote(self, now: datetime) -> None:
        if self.status is not RegistrationStatus.WAITLISTED:
            raise InvalidTransition(f"Only a waitlisted registration can be promoted; this one is {self.status.value}.")
        self.status, self.confirmed_at = RegistrationStatus.CONFIRMED, now

    def pseudonymise(self) -> None:
        """The person asked to be erased: the row stays (seats, waitlist order and attendance still count it), they do not.

        The e-mail stays unique per event (the active-registration index) and is not a deliverable address.
        The idempotency key goes too: a client may have built it from the person's data.
        """
        self.name, self.email = ERASED_NAME, f"erased-{self.id}@erased.invalid"
        self.organisation = None
        self.idempotency_key = None

    def check_in(self, now: datetime) -> bool:
        """Admit the attendee; False when already checked in (a second scan is harmless)."""
        if self.status is RegistrationStatus.CHECKED_IN:
            return False
        if self.status is not RegistrationStatus.CONFIRMED:
            raise TicketNotConfirmed(self.status.value)
        self.status, self.checked_in_at = RegistrationStatus.CHECKED_IN, now
        return True


def check_open_for_registration(event: Event, now: datetime, *, is_member: bool, is_staff: bool) -> None:
    """Refuse a registration outside the window; the window is compared as instants, shown in Brussels time."""
    status = event.status_at(now)
    if status is not EventStatus.PUBLISHED:
        raise RegistrationClosed(f"This event is {status.value}; it takes no registrations.")
    if event.audience is Audience.MEMBERS and not (is_member or is_staff):
        raise NotForThisAudience("This event is for pact members; register through your organisation's account.")
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = in_brussels(event.registration_opens_at).strftime("%d %B %Y %H:%M")
        raise RegistrationNotOpen(f"Registration opens on {opens} (Brussels time).")
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        shown = in_brussels(closes - timedelta(microseconds=1)).strftime("%d %B %Y %H:%M")
        raise RegistrationClosed(f"Registration closed on {shown} (Brussels time).")


def register(event: Event, *, name: str, email: str, organisation: str | None, organisation_id: str | None, language: Language,
             consent: bool, now: datetime, idempotency_key: str | None = None) -> Registration:
    """A new registration for ``event`` (locked by the caller): a seat if one is left, else the waitlist, else EventFull."""
    registration = Registration(
        id=str(uuid.uuid4()), event_id=event.id, name=" ".join(name.split()), email=email, organisation=organisation,
        organisation_id=organisation_id, language=Language(language), consent=consent, status=RegistrationStatus.CONFIRMED,
        ticket_code=new_ticket_code(), registered_at=now, idempotency_key=idempotency_key,
    )
    if event.capacity is None or event.seats_taken < event.capacity:
        event.seats_taken += 1
        registration.confirmed_at = now
    elif event.waitlist:
        event.waitlist_seq += 1
        registration.status, registration.waitlist_seq = RegistrationStatus.WAITLISTED, event.waitlist_seq
    else:
        raise EventFull(event.capacity)
    return registration
