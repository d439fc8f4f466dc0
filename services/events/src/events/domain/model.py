"""Events and their programme. Plain Python: no framework, no database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from urllib.parse import urlsplit

from events.domain.errors import InvalidEvent, InvalidTransition, SessionNotFound, SessionOverlap


class Language(str, Enum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


class EventKind(str, Enum):
    IN_PERSON_MEETING = "in_person_meeting"
    ONLINE_CONFERENCE = "online_conference"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"


ONLINE_KINDS = {EventKind.ONLINE_CONFERENCE, EventKind.WEBINAR}


class EventStatus(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    COMPLETED = "completed"  # derived: a published event whose end has passed


class Audience(str, Enum):
    PUBLIC = "public"  # anyone may see it and register
    MEMBERS = "members"  # pact members (their staff) and the secretariat only


class SessionKind(str, Enum):
    TALK = "talk"
    PANEL = "panel"
    TESTIMONY = "testimony"
    QA = "qa"
    BREAK = "break"
    AWARD_CEREMONY = "award_ceremony"


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Session:
    id: str
    starts_at: datetime
    duration_minutes: int
    title: str
    kind: SessionKind
    track: str = "main"
    speakers: tuple[Speaker, ...] = ()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def _texts(field_name: str, texts: dict, *, required: bool, limit: int) -> dict[Language, str]:
    cleaned = {Language(lang): " ".join(str(text).split()) if field_name == "title" else str(text).strip() for lang, text in texts.items()}
    cleaned = {lang: text for lang, text in cleaned.items() if text}
    if required and not cleaned:
        raise InvalidEvent(field_name, f"Give the {field_name} in at least one of en, nl, fr, de.")
    for lang, text in cleaned.items():
        if len(text) > limit:
            raise InvalidEvent(f"{field_name}.{lang.value}", f"The {field_name} must be at most {limit} characters.")
    return cleaned


def check_url(field_name: str, url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in url.strip():
        raise InvalidEvent(field_name, f"{url!r} is not a web address; give it as https://...")
    return url.strip()


@dataclass
class Event:
    id: str
    kind: EventKind
    title: dict[Language, str]
    description: dict[Language, str]
    languages: list[Language]
    starts_at: datetime
    ends_at: datetime
    online: bool
    venue: str | None
    join_url: str | None  # the meeting itself: a secret, never shown in public
    join_link_release_at: datetime | None
    organiser_ids: list[str]
    audience: Audience
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    capacity: int | None
    waitlist: bool
    status: EventStatus
    created_at: datetime
    published_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    seats_taken: int = 0  # confirmed and checked-in registrations
    waitlist_seq: int = 0  # last waitlist number handed out (positions follow it)
    sessions: list[Session] = field(default_factory=list)
    version: int = 1

    @classmethod
    def create(cls, *, now: datetime | None = None, **values) -> "Event":
        now = now or datetime.now(UTC)
        kind = EventKind(values.pop("kind"))
        online = values.pop("online", None)
        event = cls(
            id=values.pop("id", None) or str(uuid.uuid4()),
            kind=kind,
            title=_texts("title", values.pop("title"), required=True, limit=300),
            description=_texts("description", values.pop("description", {}) or {}, required=False, limit=20000),
            online=kind in ONLINE_KINDS if online is None else bool(online),
            status=EventStatus.DRAFT,
            created_at=now,
            **values,
        )
        event._check()
        return event

    def _check(self) -> None:
        if self.ends_at <= self.starts_at:
            raise InvalidEvent("ends_at", "The event must end after it starts.")
        self.languages = list(dict.fromkeys(Language(l) for l in self.languages)) or list(self.title)
        self.audience = Audience(self.audience)
        self.venue = (self.venue or "").strip() or None
        if not self.online and not self.venue:
            raise InvalidEvent("venue", "An in-person event needs a venue address.")
        self.join_url = check_url("join_url", self.join_url)
        if self.capacity is not None and self.capacity < 1:
            raise InvalidEvent("capacity", "The capacity must be at least 1 seat, or left out for no limit.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise InvalidEvent("registration_closes_at", "Registration must close after it opens.")
        if closes and closes > self.ends_at:
            raise InvalidEvent("registration_closes_at", "Registration cannot close after the event has ended.")
        self.organiser_ids = list(dict.fromkeys(self.organiser_ids))

    def change(self, now: datetime, **changes) -> None:
        """Edit the details of a draft or published event (not its times: reminders hang on them)."""
        if self.status_at(now) not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
            raise InvalidTransition(f"A {self.status_at(now).value} event can no longer be changed.")
        capacity = changes.get("capacity", self.capacity)
        if capacity is not None and capacity < self.seats_taken:
            raise InvalidEvent("capacity", f"{self.seats_taken} seats are taken; the capacity cannot go below that.")
        for name in ("title", "description"):
            if name in changes:
                changes[name] = _texts(name, changes[name], required=name == "title", limit=300 if name == "title" else 20000)
        for name, value in changes.items():
            setattr(self, name, value)
        self._check()

    def visible_to(self, *, is_staff: bool, member_of: str | None) -> bool:
        """Drafts for the secretariat and the organisers; members-only events for members; the rest for anyone."""
        if is_staff or (member_of is not None and member_of in self.organiser_ids):
            return True
        if self.status is EventStatus.DRAFT:
            return False
        return self.audience is Audience.PUBLIC or member_of is not None

    def status_at(self, now: datetime) -> EventStatus:
        if self.status is EventStatus.PUBLISHED and self.ends_at <= now:
            return EventStatus.COMPLETED
        return self.status

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    def publish(self, now: datetime) -> None:
        if self.status is not EventStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be published; this event is {self.status.value}.")
        if self.online and not self.join_url:
            raise InvalidEvent("join_url", "An online event needs its meeting URL (join_url) before it is published.")
        self.status, self.published_at = EventStatus.PUBLISHED, now

    def cancel(self, reason: str, now: datetime) -> None:
        if self.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED) or self.status_at(now) is EventStatus.COMPLETED:
            raise InvalidTransition(f"This event is {self.status_at(now).value}; it can no longer be cancelled.")
        if not reason.strip():
            raise InvalidEvent("reason", "Say why the event is cancelled; registrants are told.")
        self.status, self.cancelled_at, self.cancel_reason = EventStatus.CANCELLED, now, reason.strip()

    def _editable_programme(self) -> None:
        if self.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
            raise InvalidTransition(f"The programme of a {self.status.value} event cannot change.")

    def add_session(self, session: Session) -> None:
        self._editable_programme()
        self._check_session(session)
        self.sessions = sorted([*self.sessions, session], key=lambda s: (s.starts_at, s.track, s.id))

    def replace_session(self, session: Session) -> None:
        self._editable_programme()
        self.session(session.id)
        others = [s for s in self.sessions if s.id != session.id]
        self._check_session(session, others)
        self.sessions = sorted([*others, session], key=lambda s: (s.starts_at, s.track, s.id))

    def remove_session(self, session_id: str) -> None:
        self._editable_programme()
        self.session(session_id)
        self.sessions = [s for s in self.sessions if s.id != session_id]

    def session(self, session_id: str) -> Session:
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise SessionNotFound(session_id)

    def _check_session(self, session: Session, others: list[Session] | None = None) -> None:
        if not session.title.strip():
            raise InvalidEvent("title", "A session needs a title.")
        if session.duration_minutes < 1:
            raise InvalidEvent("duration_minutes", "A session lasts at least one minute.")
        if session.starts_at < self.starts_at or session.ends_at > self.ends_at:
            raise InvalidEvent("starts_at", "The session must lie within the event's start and end.")
        for other in self.sessions if others is None else others:
            if other.track == session.track and other.starts_at < session.ends_at and session.starts_at < other.ends_at:
                raise SessionOverlap(other.title, session.track)


def new_session(*, starts_at: datetime, duration_minutes: int, title: str, kind: SessionKind, track: str = "main",
                speakers: list[Speaker] = (), id: str | None = None) -> Session:
    return Session(
        id=id or str(uuid.uuid4()),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        title=" ".join(title.split()),
        kind=SessionKind(kind),
        track=(track or "main").strip() or "main",
        speakers=tuple(speakers),
    )
