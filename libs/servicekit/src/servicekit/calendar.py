"""iCalendar files (RFC 5545) written alike by every service that writes one (events' links, notifications' e-mails).

- One UID per registration, whoever writes the file, so that importing the e-mailed file and the link's gives one entry.
- SEQUENCE is the event's version, one more once the registration or the event is cancelled; a cancellation is sent as
  ``METHOD:CANCEL`` with the same UID.
- The VTIMEZONE says each rule once, as an RRULE (``BYMONTH=3;BYDAY=-1SU`` ...), as calendar clients write it: a list of
  RDATEs in one observance is read by ``vobject`` (Radicale and other servers) as its first date only, which puts a
  summer event an hour off.

Needs ``icalendar`` (the services that write calendar files depend on it).
"""

from __future__ import annotations

import calendar as gregorian
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def registration_uid(registration_id: str) -> str:
    return f"{registration_id}@pact-registrations"


def registration_sequence(event_version: int | None, *, cancelled: bool) -> int:
    """The SEQUENCE of a registration's calendar entry: grows with the event, and once more when it is cancelled."""
    return (event_version or 0) + (1 if cancelled else 0)


def calendar_file(vevent: Event, *, prodid: str, method: str = "PUBLISH") -> bytes:
    """A VCALENDAR with the event and the VTIMEZONE of its start's time zone (an aware datetime in a ZoneInfo zone)."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    start = vevent.decoded("dtstart")
    if isinstance(getattr(start, "tzinfo", None), ZoneInfo):
        cal.add_component(vtimezone(start.tzinfo.key, start))
    cal.add_component(vevent)
    return cal.to_ical()


def vtimezone(name: str, around: datetime) -> Timezone:
    """The zone's rules in the years around ``around``: an RRULE per observance when the rule is the same every year
    (nearly every zone with summer time), one observance per change otherwise, one STANDARD without summer time."""
    zone = ZoneInfo(name)
    years = range(around.year - 1, around.year + 2)
    changes = [c for year in years for c in _changes(zone, year)]
    tz = Timezone()
    tz.add("tzid", name)
    if not changes:
        offset = around.astimezone(zone).utcoffset()
        tz.add_component(_observance(zone, datetime(1970, 1, 1), offset, offset, around.astimezone(zone)))
        return tz
    first_year = [c for c in changes if c[0].year == years[0]]
    rules = {_rule(c) for c in first_year}
    regular = len(rules) == len(first_year) and all({_rule(c) for c in changes if c[0].year == y} == rules for y in years)
    for at, before, after in (first_year if regular else changes):
        observance = _observance(zone, (at + before).replace(tzinfo=None), before, after, at.astimezone(zone))
        if regular:
            month, byday, _, _, _ = _rule((at, before, after))
            observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
        tz.add_component(observance)
    return tz


def _observance(zone: ZoneInfo, local_start: datetime, before: timedelta, after: timedelta, at: datetime):
    observance = TimezoneDaylight() if at.dst() else TimezoneStandard()
    observance.add("dtstart", local_start)  # local time before the change (RFC 5545: in TZOFFSETFROM)
    observance.add("tzoffsetfrom", before)
    observance.add("tzoffsetto", after)
    observance.add("tzname", zone.tzname(at))
    return observance


def _changes(zone: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """(UTC instant, offset before, offset after) of each change of the zone's offset in ``year``, to the minute."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        before, after = day.astimezone(zone).utcoffset(), following.astimezone(zone).utcoffset()
        if before != after:
            low, high = day, following  # the offset is ``before`` at low and ``after`` at high
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if middle.astimezone(zone).utcoffset() == before else (low, middle)
            found.append((high.replace(second=0, microsecond=0), before, after))
        day = following
    return found


def _rule(change: tuple[datetime, timedelta, timedelta]) -> tuple[int, str, tuple[int, int], timedelta, timedelta]:
    """(month, BYDAY such as -1SU or 2SU, local time, offset before, offset after): the same every year for a rule."""
    at, before, after = change
    local = at + before
    last = local.day + 7 > gregorian.monthrange(local.year, local.month)[1]
    nth = -1 if last else (local.day - 1) // 7 + 1
    return local.month, f"{nth}{WEEKDAYS[local.weekday()]}", (local.hour, local.minute), before, after
