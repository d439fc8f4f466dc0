"""Events published by the events service: events, their programme, and registrations.

Registration events carry a snapshot of the event (titles, times, place) and the
registrant's name, e-mail and language, so that a consumer such as notifications
can write to the registrant and attach a calendar file without asking the events
service anything. The meeting's join URL is a secret: it appears in no event
payload except ``events.registration.join_link_released.v1``, and even there only
as the registrant's personal link.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from contracts.membership import Language
from contracts.registry import IntegrationEvent, event
from contracts.topics import EVENTS_EVENT, EVENTS_REGISTRATION

BRUSSELS = "Europe/Brussels"


class EventKind(str, Enum):
    IN_PERSON_MEETING = "in_person_meeting"
    ONLINE_CONFERENCE = "online_conference"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"


class SessionKind(str, Enum):
    TALK = "talk"
    PANEL = "panel"
    TESTIMONY = "testimony"
    QA = "qa"
    BREAK = "break"
    AWARD_CEREMONY = "award_ceremony"


class _Value(BaseModel):
    """A part of an event payload, immutable like the event itself."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Speaker(_Value):
    name: str
    affiliation: str | None = None


class ProgrammeSession(_Value):
    """One session of an event's programme."""

    session_id: str
    starts_at: datetime = Field(description="UTC.")
    duration_minutes: int = Field(ge=1)
    title: str
    kind: SessionKind
    track: str = Field(default="main")
    speakers: list[Speaker] = Field(default_factory=list)


class EventSnapshot(_Value):
    """What a message about an event needs to say: which event, when and where. Never the join URL."""

    event_id: str
    kind: EventKind
    title: dict[Language, str] = Field(description="Title per language; at least one.")
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    timezone: str = Field(default=BRUSSELS, description="IANA zone the event is held in; times are shown in it.")
    online: bool
    venue: str | None = Field(default=None, description="Venue address, for in-person events.")
    languages: list[Language] = Field(description="Languages the event is held in, main one first.")
    version: int | None = Field(default=None, description="The event's version when the snapshot was taken; it grows with "
                                "every change of the event. Calendar files use it as SEQUENCE (one more once cancelled).")


class _EventEvent(IntegrationEvent):
    event_id: str


@event("events.event.published.v1", topic=EVENTS_EVENT, aggregate="event_id")
class EventPublished(_EventEvent):
    """An event was published: it is visible and, within its registration window, open for registration."""

    event: EventSnapshot
    description: dict[Language, str] = Field(default_factory=dict)
    organiser_ids: list[str] = Field(default_factory=list, description="Organisation ids of the organisers.")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacity: int | None = Field(default=None, description="Seats; none means unlimited.")
    waitlist: bool
    sessions: list[ProgrammeSession] = Field(default_factory=list)
    published_at: datetime


@event("events.event.cancelled.v1", topic=EVENTS_EVENT, aggregate="event_id")
class EventCancelled(_EventEvent):
    event: EventSnapshot
    reason: str
    cancelled_at: datetime


@event("events.event.programme_changed.v1", topic=EVENTS_EVENT, aggregate="event_id")
class ProgrammeChanged(_EventEvent):
    """The programme of a published event changed; ``sessions`` is the whole programme afterwards."""

    sessions: list[ProgrammeSession]
    changed_at: datetime


class Registrant(_Value):
    name: str
    email: str
    organisation: str | None = Field(default=None, description="Organisation name as the registrant gave it.")
    organisation_id: str | None = Field(default=None, description="Set when a member registered its staff.")
    language: Language = Field(description="The registrant's preferred language.")


class RegistrationStatus(str, Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"


class _RegistrationEvent(IntegrationEvent):
    registration_id: str
    event_id: str
    registrant: Registrant
    event: EventSnapshot
    status: RegistrationStatus


@event("events.registration.confirmed.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class RegistrationConfirmed(_RegistrationEvent):
    """A seat is the registrant's. ``ticket_code`` is what the door scans; ``cancel_url`` cancels without an account."""

    ticket_code: str
    cancel_url: str
    calendar_url: str = Field(description="The registration's .ics.")
    confirmed_at: datetime


@event("events.registration.waitlisted.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class RegistrationWaitlisted(_RegistrationEvent):
    position: int = Field(ge=1, description="Place on the waitlist when it was joined.")
    cancel_url: str
    waitlisted_at: datetime


@event("events.registration.promoted.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class RegistrationPromoted(_RegistrationEvent):
    """A seat freed up and the first on the waitlist got it: now confirmed."""

    ticket_code: str
    cancel_url: str
    calendar_url: str
    promoted_at: datetime


@event("events.registration.cancelled.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class RegistrationCancelled(_RegistrationEvent):
    cancelled_by: str = Field(description="'registrant' (signed link), 'organiser', or 'event_cancelled'.")
    cancelled_at: datetime


@event("events.attendee.checked_in.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class AttendeeCheckedIn(_RegistrationEvent):
    checked_in_at: datetime


@event("events.registration.join_link_released.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class JoinLinkReleased(_RegistrationEvent):
    """The registrant's personal join link, for a confirmed registration of an online event.

    The link redirects to the meeting only while the registration is confirmed.
    Transactional: the registrant cannot switch this message off.
    """

    join_url: str = Field(description="Personal link; never the meeting URL itself.")
    released_at: datetime


class ReminderKind(str, Enum):
    DAY_BEFORE = "24h"
    HOUR_BEFORE = "1h"


@event("events.event.reminder_due.v1", topic=EVENTS_REGISTRATION, aggregate="registration_id")
class ReminderDue(_RegistrationEvent):
    """Emitted once per confirmed registration and reminder kind, 24 hours and 1 hour before the start."""

    reminder: ReminderKind
    reminder_id: str = Field(description="Stable per registration and kind: consumers deduplicate on it.")
    due_at: datetime
