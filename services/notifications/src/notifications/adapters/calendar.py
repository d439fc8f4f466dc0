"""The registration's .ics (RFC 5545), from the event snapshot, in the event's time zone.

The same UID and SEQUENCE as the events service's calendar link for the registration (servicekit.calendar), so a
calendar holds one entry however many of the files it imports: PUBLISH while the registrant has a seat, CANCEL once the
registration or the event is cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Event, vCalAddress
from servicekit.calendar import calendar_file, registration_sequence, registration_uid

PRODID = "-//Circular and Fair ICT Pact//notifications//EN"


@dataclass(frozen=True)
class CalendarFile:
    text: str
    method: str  # PUBLISH or CANCEL: also the attachment's Content-Type parameter


def registration_ics(*, registration_id: str, title: str, starts_at: datetime, ends_at: datetime, timezone: str,
                     online: bool, venue: str | None, url: str | None, description: str | None, stamp: datetime,
                     event_version: int | None, organizer: str, cancelled: bool = False) -> CalendarFile:
    zone = ZoneInfo(timezone)
    event = Event()
    event.add("uid", registration_uid(registration_id))
    event.add("sequence", registration_sequence(event_version, cancelled=cancelled))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", starts_at.astimezone(zone))  # written with TZID=Europe/Brussels, and its VTIMEZONE
    event.add("dtend", ends_at.astimezone(zone))
    event.add("summary", title)
    if description:
        event.add("description", description)
    event.add("location", "Online" if online else (venue or ""))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if cancelled:
        event.add("organizer", vCalAddress(f"mailto:{organizer}"))  # RFC 5546: a CANCEL names its organizer
    elif url:
        event.add("url", url)
    method = "CANCEL" if cancelled else "PUBLISH"
    return CalendarFile(calendar_file(event, prodid=PRODID, method=method).decode(), method)
