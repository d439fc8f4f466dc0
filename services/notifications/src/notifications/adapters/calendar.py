"""The registration's .ics (RFC 5545), from the event snapshot, in the event's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event


def registration_ics(*, registration_id: str, title: str, starts_at: datetime, ends_at: datetime, timezone: str,
                     online: bool, venue: str | None, url: str | None, description: str, stamp: datetime) -> str:
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Circular and Fair ICT Pact//notifications//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{registration_id}@pact-registrations")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(zone))  # written with TZID=Europe/Brussels
    event.add("dtend", ends_at.astimezone(zone))
    event.add("summary", title)
    event.add("description", description)
    event.add("location", "Online" if online else (venue or ""))
    if url:
        event.add("url", url)
    calendar.add_component(event)
    # The VTIMEZONE block, so every client reads the TZID the same way; the years around the event suffice.
    calendar.add_missing_timezones(first_date=date(starts_at.year - 1, 1, 1), last_date=date(ends_at.year + 2, 1, 1))
    return calendar.to_ical().decode()
