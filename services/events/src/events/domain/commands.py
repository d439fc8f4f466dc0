"""Commands: what a caller asks the events service to do (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from events.domain.model import Audience, EventKind, Language, SessionKind, Speaker


@dataclass(frozen=True)
class CreateEvent:
    kind: EventKind
    title: dict[Language, str]
    starts_at: datetime  # UTC
    ends_at: datetime
    description: dict[Language, str] = field(default_factory=dict)
    languages: list[Language] = field(default_factory=list)
    online: bool | None = None
    venue: str | None = None
    join_url: str | None = None
    join_link_release_at: datetime | None = None
    organiser_ids: list[str] = field(default_factory=list)
    audience: Audience = Audience.PUBLIC
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacity: int | None = None
    waitlist: bool = True
    sessions: list["SessionFields"] = field(default_factory=list)


@dataclass(frozen=True)
class SessionFields:
    starts_at: datetime
    duration_minutes: int
    title: str
    kind: SessionKind
    track: str = "main"
    speakers: list[Speaker] = field(default_factory=list)


@dataclass(frozen=True)
class Register:
    event_id: str
    name: str
    email: str
    language: Language
    consent: bool
    organisation: str | None = None
    organisation_id: str | None = None
    idempotency_key: str | None = None
    is_member: bool = False
    is_staff: bool = False
