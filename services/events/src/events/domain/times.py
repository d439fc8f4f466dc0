"""Events are held in Europe/Brussels and stored in UTC; deadlines are Brussels calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def to_utc(value: datetime) -> datetime:
    """An aware time as UTC; a naive one is read as Brussels wall-clock time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BRUSSELS)
    return value.astimezone(UTC)


def in_brussels(value: datetime) -> datetime:
    return value.astimezone(BRUSSELS)


def end_of_day_in_brussels(day: date) -> datetime:
    """'Registration is open until 30 November': until midnight at the end of that day in Brussels (UTC)."""
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS)
    return next_midnight.astimezone(UTC)
