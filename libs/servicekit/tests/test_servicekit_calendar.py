"""Calendar files read the same in icalendar, ics and vobject, in zones with and without summer time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import vobject
from servicekit.calendar import calendar_file, registration_sequence, registration_uid, vtimezone


def _file(start: datetime, zone: str) -> str:
    vevent = icalendar.Event()
    vevent.add("uid", registration_uid("r-1"))
    vevent.add("dtstamp", start)
    vevent.add("dtstart", start.astimezone(ZoneInfo(zone)))
    vevent.add("dtend", (start + timedelta(hours=2)).astimezone(ZoneInfo(zone)))
    vevent.add("summary", "Circulair aankopen")
    return calendar_file(vevent, prodid="-//test//EN").decode()


@pytest.mark.parametrize("zone", ["Europe/Brussels", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "UTC", "Africa/Casablanca"])
@pytest.mark.parametrize("start", [datetime(2027, 1, 20, 12, tzinfo=UTC), datetime(2027, 7, 15, 11, tzinfo=UTC),
                                   datetime(2027, 3, 28, 0, 30, tzinfo=UTC), datetime(2027, 10, 31, 3, 30, tzinfo=UTC)])
def test_every_library_reads_the_start_at_the_same_instant(start, zone):
    text = _file(start, zone)
    assert "RDATE" not in text
    assert icalendar.Calendar.from_ical(text).walk("VEVENT")[0].decoded("dtstart").astimezone(UTC) == start
    assert next(iter(ics.Calendar(text).events)).begin.to("UTC").datetime == start
    vobject.icalendar.__dict__["__tzidMap"].pop(zone, None)  # read this file's own VTIMEZONE (vobject keeps the first one it saw)
    assert vobject.readOne(text).vevent.dtstart.value.astimezone(UTC) == start


def test_brussels_is_written_as_the_last_sundays_of_march_and_october():
    text = vtimezone("Europe/Brussels", datetime(2027, 7, 15, tzinfo=UTC)).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "DTSTART:20260329T020000" in text and "DTSTART:20261025T030000" in text  # local time before each change


def test_a_cancellation_outranks_what_was_sent_before():
    assert registration_sequence(None, cancelled=False) == 0
    assert registration_sequence(7, cancelled=True) == 8 > registration_sequence(7, cancelled=False)
