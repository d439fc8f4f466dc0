"""iCalendar files (RFC 5545) for an event and for one registration, times in Europe/Brussels.

A registration's file has the registration's UID and SEQUENCE (servicekit.calendar), as the one notifications e-mails,
so importing both gives one entry; once the registration or the event is cancelled it says so (STATUS:CANCELLED).
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Event as VEvent
from servicekit.calendar import calendar_file, registration_sequence, registration_uid

from events.domain.model import Event, EventStatus, Language
from events.domain.registration import Registration, RegistrationStatus
from events.domain.times import in_brussels

PRODID = "-//Circular and Fair ICT Pact//events//EN"

def _pick(texts: dict[Language, str], language: Language | None) -> str:
    if language and language in texts:
        return texts[language]
    return next(iter(texts.values()), "")

def programme_text(event: Event) -> str:
    lines = []
    for s in event.sessions:
        speakers = ", ".join(f"{p.name} ({p.affiliation})" if p.affiliation else p.name for p in s.speakers)
        track = f" [{s.track}]" if s.track != "main" else ""
        lines.append(f"{in_brussels(s.starts_at):%H:%M}{track} {s.title}" + (f" – {speakers}" if speakers else ""))
    return "\n".join(lines)

def _vevent(event: Event, language: Language | None, uid: str, base_url: str, *, cancelled: bool, sequence: int) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", datetime.now(UTC))
    vevent.add("dtstart", in_brussels(event.starts_at))  # TZID=Europe/Brussels
    vevent.add("dtend", in_brussels(event.ends_at))
    vevent.add("summary", _pick(event.title, language))
    description = "\n\n".join(t for t in (_pick(event.description, language), programme_text(event)) if t)
    if description:
        vevent.add("description", description)
    vevent.add("location", event.venue or "Online")
    vevent.add("url", f"{base_url.rstrip('/')}/events/{event.id}")
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("sequence", sequence)
    return vevent

def event_calendar(event: Event, base_url: str) -> bytes:
    cancelled = event.status is EventStatus.CANCELLED
    vevent = _vevent(event, None, f"event-{event.id}@pact-events", base_url, cancelled=cancelled, sequence=event.version)
    return calendar_file(vevent, prodid=PRODID)

def registration_calendar(event: Event, registration: Registration, base_url: str, join_link: str | None) -> bytes:
    """The registrant's copy: their language and, once released, their personal join link as the location."""
    cancelled = event.status is EventStatus.CANCELLED or registration.status is RegistrationStatus.CANCELLED
    vevent = _vevent(event, registration.language, registration_uid(registration.id), base_url, cancelled=cancelled,
                     sequence=registration_sequence(event.version, cancelled=cancelled))
    if join_link:
        vevent["location"] = join_link
    return calendar_file(vevent, prodid=PRODID)
