"""Inputs of the events mutations. The events service checks every field again."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from gateway.types.event import Audience, EventKind, SessionKind
from gateway.types.organisation import Language
from gateway.types.text import LocalizedTextInput


@strawberry.input(description="Someone who speaks in a session.")
class SpeakerInput:
    name: str = strawberry.field(description="The speaker's name.")
    affiliation: str | None = strawberry.field(default=None, description="Organisation or role.")


@strawberry.input(description="A session of the programme.")
class SessionInput:
    starts_at: str = strawberry.field(description="Start, ISO 8601; without an offset it is Europe/Brussels wall-clock time.")
    duration_minutes: int = strawberry.field(description="Length in minutes.")
    title: str = strawberry.field(description="Title of the session.")
    kind: SessionKind = strawberry.field(description="What happens in it.")
    track: str = strawberry.field(default="main", description="Track; sessions in one track may not overlap.")
    speakers: list[SpeakerInput] = strawberry.field(default_factory=list, description="Who speaks, in order.")

    def to_upstream(self) -> dict[str, Any]:
        return {"starts_at": self.starts_at, "duration_minutes": self.duration_minutes, "title": self.title, "kind": self.kind.value,
                "track": self.track, "speakers": [{"name": s.name, "affiliation": s.affiliation} for s in self.speakers]}


@strawberry.input(description="A new event; it starts as a draft. Times without an offset are Europe/Brussels wall-clock times.")
class CreateEventInput:
    kind: EventKind = strawberry.field(description="What kind of gathering.")
    titles: list[LocalizedTextInput] = strawberry.field(description="The title in one or more of en, nl, fr, de.")
    starts_at: str = strawberry.field(description="Start, ISO 8601.")
    ends_at: str = strawberry.field(description="End, ISO 8601.")
    descriptions: list[LocalizedTextInput] = strawberry.field(default_factory=list, description="The description per language.")
    languages: list[Language] = strawberry.field(default_factory=list, description="Languages spoken, main one first.")
    venue: str | None = strawberry.field(default=None, description="Venue address (in-person events).")
    join_url: str | None = strawberry.field(default=None, description="The meeting URL of an online event: kept secret, never shown.")
    join_link_release_at: str | None = strawberry.field(default=None, description="When registrants receive their join link; default: at once.")
    organiser_ids: list[strawberry.ID] = strawberry.field(default_factory=list, description="Organisation ids of the organisers.")
    audience: Audience = strawberry.field(default=Audience.PUBLIC, description="Who it is for.")
    registration_opens_at: str | None = strawberry.field(default=None, description="When registration opens, ISO 8601.")
    registration_closes_at: str | None = strawberry.field(default=None, description="When registration closes, ISO 8601.")
    registration_closes_on: date | None = strawberry.field(default=None, description="'Open until 30 November': the last day, in Brussels.")
    capacity: int | None = strawberry.field(default=None, description="Seats; null for no limit.")
    waitlist: bool = strawberry.field(default=True, description="Keep a waitlist when full.")
    sessions: list[SessionInput] = strawberry.field(default_factory=list, description="The programme.")

    def to_upstream(self) -> dict[str, Any]:
        body = {
            "kind": self.kind.value, "title": {t.language.value: t.text for t in self.titles},
            "description": {t.language.value: t.text for t in self.descriptions}, "languages": [l.value for l in self.languages],
            "starts_at": self.starts_at, "ends_at": self.ends_at, "venue": self.venue, "join_url": self.join_url,
            "join_link_release_at": self.join_link_release_at, "organiser_ids": [str(i) for i in self.organiser_ids],
            "audience": self.audience.value, "registration_opens_at": self.registration_opens_at,
            "registration_closes_at": self.registration_closes_at, "capacity": self.capacity, "waitlist": self.waitlist,
            "registration_closes_on": self.registration_closes_on.isoformat() if self.registration_closes_on else None,
            "sessions": [s.to_upstream() for s in self.sessions],
        }
        return {k: v for k, v in body.items() if v is not None}


@strawberry.input(description="A person registering. A member's token registers its staff under its organisation.")
class RegisterInput:
    name: str = strawberry.field(description="The registrant's name.")
    email: str = strawberry.field(description="The registrant's e-mail address.")
    organisation: str | None = strawberry.field(default=None, description="Their organisation, as they name it.")
    language: Language = strawberry.field(default=Language.EN, description="Preferred language for messages.")
    consent: bool = strawberry.field(description="They agree that their data is kept for this event; must be true.")

    def to_upstream(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "organisation": self.organisation, "language": self.language.value, "consent": self.consent}


@strawberry.input(description="Changes to an event's details; only the fields given change. Times cannot change.")
class UpdateEventInput:
    titles: list[LocalizedTextInput] | None = strawberry.field(default=strawberry.UNSET, description="The title per language (replaces all).")
    descriptions: list[LocalizedTextInput] | None = strawberry.field(default=strawberry.UNSET, description="The description per language (replaces all).")
    venue: str | None = strawberry.field(default=strawberry.UNSET, description="Venue address.")
    join_url: str | None = strawberry.field(default=strawberry.UNSET, description="The meeting URL (secret).")
    audience: Audience | None = strawberry.field(default=strawberry.UNSET, description="Who it is for.")
    registration_closes_on: date | None = strawberry.field(default=strawberry.UNSET, description="The last day of registration, in Brussels.")
    capacity: int | None = strawberry.field(default=strawberry.UNSET, description="Seats; raising it gives the new seats to the waitlist in order.")
    waitlist: bool | None = strawberry.field(default=strawberry.UNSET, description="Keep a waitlist when full.")

    def to_upstream(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for name in ("venue", "join_url", "capacity", "waitlist"):
            value = getattr(self, name)
            if value is not strawberry.UNSET:
                body[name] = value
        if self.titles:
            body["title"] = {t.language.value: t.text for t in self.titles}
        if self.descriptions is not strawberry.UNSET:
            body["description"] = {t.language.value: t.text for t in self.descriptions or []}
        if self.audience:
            body["audience"] = self.audience.value
        if self.registration_closes_on is not strawberry.UNSET:
            body["registration_closes_on"] = self.registration_closes_on.isoformat() if self.registration_closes_on else None
        return body
