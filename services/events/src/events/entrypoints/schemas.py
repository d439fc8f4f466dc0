"""HTTP request and response bodies of events and their programme (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, HttpUrl
from servicekit.inputs import Day, Key, LocalMoment, Name, ServiceId, StrictBool, StrictInt, free_text, name, single_line

from events.domain.model import Audience, EventKind, EventStatus, Language, SessionKind

LocalTime = LocalMoment
TIME_HELP = "ISO 8601, in the years 2000 to 2100; without an offset it is read as Europe/Brussels wall-clock time."
# Titles and descriptions per language: the domain drops empty ones and keeps its own, tighter limits.
Title = single_line(max_length=1000)
Description = free_text(max_length=20000)
Affiliation = single_line(max_length=300)
SessionTitle = name(max_length=500)
Track = single_line(min_length=1, max_length=100)
Venue = free_text(max_length=500)
Reason = free_text(min_length=1, max_length=2000)


class SpeakerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    affiliation: Affiliation | None = None


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"starts_at": "2021-12-02T16:00:00", "duration_minutes": 60, "title": "Uitreiking Fair ICT Awards 2021", "kind": "award_ceremony"}]})
    starts_at: LocalTime = Field(description=TIME_HELP)
    duration_minutes: StrictInt = Field(ge=1, le=24 * 60)
    title: SessionTitle
    kind: SessionKind
    track: Track = Field(default="main", description="Parallel tracks; sessions in one track never overlap.")
    speakers: list[SpeakerIn] = Field(default_factory=list, max_length=50)


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "kind": "online_conference", "title": {"nl": "Fair ICT Flanders conferentie 2021"}, "starts_at": "2021-12-02T13:00:00",
        "ends_at": "2021-12-02T17:00:00", "join_url": "https://zoom.us/j/123", "registration_closes_on": "2021-11-30", "capacity": 300}]})
    kind: EventKind
    title: dict[Language, Title] = Field(min_length=1, description="Title per language (en, nl, fr, de); at least one.")
    description: dict[Language, Description] = Field(default_factory=dict)
    languages: list[Language] = Field(default_factory=list, max_length=4, description="Languages spoken, main one first; default: the title's.")
    starts_at: LocalTime = Field(description=TIME_HELP)
    ends_at: LocalTime = Field(description=TIME_HELP)
    online: StrictBool | None = Field(default=None, description="Default: true for online conferences and webinars.")
    venue: Venue | None = Field(default=None, description="Venue address of an in-person event.")
    join_url: HttpUrl | None = Field(default=None, description="The meeting URL of an online event. Secret: never shown; registrants get a personal link.")
    join_link_release_at: LocalTime | None = Field(default=None, description="When confirmed registrants receive their join link; default: at confirmation.")
    organiser_ids: list[ServiceId] = Field(default_factory=list, max_length=20, description="Organisation ids (membership) of the organisers.")
    audience: Audience = Audience.PUBLIC
    registration_opens_at: LocalTime | None = Field(default=None, description=TIME_HELP)
    registration_closes_at: LocalTime | None = Field(default=None, description=TIME_HELP + " Registration is refused from this instant on.")
    registration_closes_on: Day | None = Field(default=None, description="'Open until 30 November': the last day, in Brussels; alternative to registration_closes_at.")
    capacity: StrictInt | None = Field(default=None, ge=1, le=1_000_000, description="Seats; leave out for no limit.")
    waitlist: StrictBool = Field(default=True, description="Keep a waitlist when full (else a full event refuses registrations).")
    sessions: list[SessionIn] = Field(default_factory=list, max_length=200)


class EventChangeIn(BaseModel):
    """Only the fields given change; times cannot change (cancel and create a new event instead)."""

    model_config = ConfigDict(extra="forbid")
    title: dict[Language, Title] | None = Field(default=None, min_length=1)
    description: dict[Language, Description] | None = None
    venue: Venue | None = None
    join_url: HttpUrl | None = None
    audience: Audience | None = None
    registration_opens_at: LocalTime | None = None
    registration_closes_at: LocalTime | None = None
    registration_closes_on: Day | None = None
    capacity: StrictInt | None = Field(default=None, ge=1, le=1_000_000, description="Raising it gives the new seats to the waitlist, in order.")
    waitlist: StrictBool | None = None


class CancelEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class SpeakerOut(BaseModel):
    name: str
    affiliation: str | None


class SessionOut(BaseModel):
    id: str
    starts_at: datetime = Field(description="UTC.")
    starts_at_local: str = Field(description="Start in Europe/Brussels, with its offset.")
    ends_at: datetime
    duration_minutes: int
    title: str
    kind: SessionKind
    track: str
    speakers: list[SpeakerOut]


class EventOut(BaseModel):
    id: str
    kind: EventKind
    status: EventStatus
    title: dict[Language, str]
    description: dict[Language, str]
    languages: list[Language]
    starts_at: datetime = Field(description="UTC.")
    ends_at: datetime = Field(description="UTC.")
    timezone: str = "Europe/Brussels"
    starts_at_local: str
    ends_at_local: str
    online: bool
    venue: str | None
    has_join_url: bool = Field(description="Whether the meeting URL is set; the URL itself is never returned.")
    join_link_release_at: datetime | None
    organiser_ids: list[str]
    audience: Audience
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    registration_open: bool = Field(description="Whether a registration would be accepted now.")
    capacity: int | None
    waitlist: bool
    seats_taken: int
    seats_left: int | None
    waitlisted: int
    published_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    sessions: list[SessionOut]
    calendar_url: str


class PageInfo(BaseModel):
    end_cursor: str | None = Field(description="Pass as `after` to get the next page.")
    has_next_page: bool


class EventPage(BaseModel):
    items: list[EventOut]
    page_info: PageInfo
    total_count: int
