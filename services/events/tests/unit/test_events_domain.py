"""The domain on its own: the deadline in Brussels time, capacity and waitlist, the programme's tracks."""

from datetime import UTC, date, datetime, timedelta

import pytest
from events.domain.errors import EventFull, RegistrationClosed, RegistrationNotOpen, SessionOverlap
from events.domain.model import Event, Language, SessionKind, new_session
from events.domain.registration import RegistrationStatus, check_open_for_registration, normalise_ticket_code, register
from events.domain.times import end_of_day_in_brussels, to_utc


def conference(**overrides) -> Event:
    values = dict(kind="online_conference", title={Language.NL: "Fair ICT Flanders conferentie 2021"}, languages=[Language.NL],
                  starts_at=to_utc(datetime(2021, 12, 2, 13)), ends_at=to_utc(datetime(2021, 12, 2, 17)), venue=None,
                  join_url="https://zoom.us/j/1", join_link_release_at=None, organiser_ids=[], audience="public",
                  registration_opens_at=None, registration_closes_at=end_of_day_in_brussels(date(2021, 11, 30)), capacity=2, waitlist=True)
    values.update(overrides)
    event = Event.create(now=datetime(2021, 10, 1, tzinfo=UTC), **values)
    event.publish(datetime(2021, 10, 1, tzinfo=UTC))
    return event


def test_open_until_30_november_means_until_midnight_in_brussels_not_utc():
    event = conference()
    late_evening = datetime(2021, 11, 30, 22, 59, tzinfo=UTC)  # 23:59 in Brussels (CET, UTC+1)
    check_open_for_registration(event, late_evening, is_member=False, is_staff=False)
    just_after = datetime(2021, 11, 30, 23, 0, tzinfo=UTC)  # 1 December 00:00 in Brussels, still 30 November in UTC
    with pytest.raises(RegistrationClosed, match="30 November 2021 23:59"):
        check_open_for_registration(event, just_after, is_member=False, is_staff=False)


def test_summer_time_is_respected():
    assert to_utc(datetime(2024, 6, 14, 13)) == datetime(2024, 6, 14, 11, tzinfo=UTC)
    assert end_of_day_in_brussels(date(2024, 6, 14)) == datetime(2024, 6, 14, 22, tzinfo=UTC)


def test_registration_not_open_before_its_opening():
    event = conference(registration_opens_at=datetime(2021, 11, 1, tzinfo=UTC))
    with pytest.raises(RegistrationNotOpen):
        check_open_for_registration(event, datetime(2021, 10, 31, tzinfo=UTC), is_member=False, is_staff=False)


def test_seats_then_waitlist_then_full():
    now = datetime(2021, 11, 1, tzinfo=UTC)
    event = conference()
    people = [register(event, name=f"P{i}", email=f"p{i}@x.org", organisation=None, organisation_id=None, language="nl", consent=True, now=now)
              for i in range(4)]
    assert [p.status for p in people] == [RegistrationStatus.CONFIRMED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    assert [p.waitlist_seq for p in people[2:]] == [1, 2] and event.seats_taken == 2
    strict = conference(waitlist=False, capacity=1)
    register(strict, name="A", email="a@x.org", organisation=None, organisation_id=None, language="en", consent=True, now=now)
    with pytest.raises(EventFull):
        register(strict, name="B", email="b@x.org", organisation=None, organisation_id=None, language="en", consent=True, now=now)


def test_sessions_overlap_only_within_a_track():
    event = conference()
    at = event.starts_at
    event.add_session(new_session(starts_at=at, duration_minutes=30, title="Welkom", kind=SessionKind.TALK))
    event.add_session(new_session(starts_at=at + timedelta(minutes=10), duration_minutes=30, title="Parallel", kind=SessionKind.PANEL, track="B"))
    with pytest.raises(SessionOverlap):
        event.add_session(new_session(starts_at=at + timedelta(minutes=29), duration_minutes=5, title="Clash", kind=SessionKind.QA))
    event.add_session(new_session(starts_at=at + timedelta(minutes=30), duration_minutes=5, title="Back to back", kind=SessionKind.QA))
    assert [s.title for s in event.sessions] == ["Welkom", "Parallel", "Back to back"]


def test_ticket_codes_are_read_back_whatever_the_case_and_dashes():
    assert normalise_ticket_code("abcd efgh-jkmn") == "ABCD-EFGH-JKMN"
