"""Check-in at the door, tickets as QR images, and calendar files that calendar clients read."""

from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar
from servicekit.testing import bearer


def _path(url: str) -> str:
    return url.removeprefix("http://events")


async def test_check_in_is_idempotent_and_refuses_a_ticket_of_another_event(api, token):
    event = await api.published_event(kind="in_person_meeting", venue="Antwerpen", join_url=None)
    other = await api.published_event()
    mine = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    theirs = (await api.post(f"/events/{other['id']}/registrations", json=api.person(2))).json()
    url = f"/events/{event['id']}/check-ins"

    first = await api.post(url, json={"ticket_code": mine["ticket_code"].lower().replace("-", "")}, headers=api.staff)
    assert first.status_code == 200 and first.json()["already_checked_in"] is False
    assert first.json()["registration"]["status"] == "checked_in"
    second = await api.post(url, json={"ticket_code": mine["ticket_code"]}, headers=api.staff)
    assert second.status_code == 200 and second.json()["already_checked_in"] is True
    wrong = await api.post(url, json={"ticket_code": theirs["ticket_code"]}, headers=api.staff)
    assert wrong.status_code == 422 and wrong.json()["code"] == "TICKET_FOR_OTHER_EVENT"
    unknown = await api.post(url, json={"ticket_code": "AAAA-BBBB-CCCC"}, headers=api.staff)
    assert unknown.status_code == 404 and unknown.json()["code"] == "TICKET_NOT_FOUND"
    assert (await api.post(url, json={"ticket_code": mine["ticket_code"]}, headers=bearer(token("member", org="00000000-0000-4000-8000-0000000000a1")))).status_code == 403

    rows = await api.outbox()
    checked = [p for t, _, p in rows if t == "events.attendee.checked_in.v1"]
    assert len(checked) == 1 and checked[0]["registration_id"] == mine["id"] and checked[0]["status"] == "checked_in"
    assert not [k for t, k, _ in rows if t.endswith("join_link_released.v1") and k == mine["id"]]  # in person: no join link
    csv = (await api.get(f"/events/{event['id']}/attendance.csv", headers=api.staff)).text
    assert "checked_in" in csv
    cancel = await api.post(f"/registrations/{mine['id']}/cancel", params=parse_qs(urlsplit(mine["cancel_url"]).query))
    assert cancel.status_code == 409


async def test_a_waitlisted_ticket_does_not_admit(api):
    event = await api.published_event(capacity=1)
    await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    waiting = (await api.post(f"/events/{event['id']}/registrations", json=api.person(2))).json()
    refused = await api.post(f"/events/{event['id']}/check-ins", json={"ticket_code": waiting["ticket_code"]}, headers=api.staff)
    assert refused.status_code == 409 and refused.json()["code"] == "TICKET_NOT_CONFIRMED"


async def test_the_ticket_is_a_qr_image_behind_a_signed_link(api):
    event = await api.published_event()
    registration = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    png = await api.get(_path(registration["ticket_url"]))
    assert png.status_code == 200 and png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = await api.get(_path(registration["ticket_url"]).replace("ticket.png", "ticket.svg"))
    assert svg.status_code == 200 and b"<svg" in svg.content
    assert (await api.get(f"/registrations/{registration['id']}/ticket.png")).status_code == 401


async def test_event_and_registration_calendars_are_valid_icalendar_in_brussels_time(api):
    day = api.event_body()["starts_at"][:10]
    sessions = [{"starts_at": f"{day}T16:00:00", "duration_minutes": 60, "title": "Uitreiking Fair ICT Awards 2021", "kind": "award_ceremony"}]
    event = await api.published_event(sessions=sessions, description={"nl": "Slotconferentie"})
    response = await api.get(f"/events/{event['id']}.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert b"DTSTART;TZID=Europe/Brussels:" in response.content and b"BEGIN:VTIMEZONE" in response.content
    cal = Calendar.from_ical(response.content)
    vevent = cal.walk("VEVENT")[0]
    assert vevent.decoded("dtstart").hour == 13 and str(vevent.decoded("dtstart").tzinfo) == "Europe/Brussels"
    assert "16:00 Uitreiking Fair ICT Awards 2021" in str(vevent["description"]) and api.meeting_url not in response.text

    registration = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    mine = await api.get(_path(registration["calendar_url"]))
    assert mine.status_code == 200
    location = str(Calendar.from_ical(mine.content).walk("VEVENT")[0]["location"])
    assert location.startswith(f"http://events/registrations/{registration['id']}/join?token=")
    assert (await api.get(f"/registrations/{registration['id']}.ics")).status_code == 401
    assert (await api.get("/events/unknown.ics")).status_code == 404
