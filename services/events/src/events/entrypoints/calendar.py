"""iCalendar files (RFC 5545) for an event and for one registration, times in Europe/Brussels."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event as VEvent

from events.domain.model import Event, EventStatus, Language
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

def _vevent(event: Event, language: Language | None, uid: str, base_url: str) -> VEvent:
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
    vevent.add("status", "CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED")
    vevent.add("sequence", event.version)
    return vevent

def _calendar(vevent: VEvent) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(vevent)
    cal.add_missing_timezones()  # the VTIMEZONE of Europe/Brussels, which Outlook needs
    return cal.to_ical()

def event_calendar(event: Event, base_url: str) -> bytes:
    return _calendar(_vevent(event, None, f"event-{event.id}@pact-events", base_url))

def registration_calendar(event: Event, language: Language, base_url: str, join_link: str | None) -> bytes:
    """The registrant's copy: their language and, once released, their personal join link as the location."""
    vevent = _vevent(event, language, f"event-{event.id}@pact-events", base_url)
    if join_link:
        vevent["location"] = join_link
    return _calendar(vevent)

