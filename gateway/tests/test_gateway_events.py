"""Events through the gateway, in front of the real events and membership services."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

EVENT_FIELDS = """
id kind status title(language: NL) titles { language text } startsAtLocal online venue capacity seatsLeft waitlisted registrationOpen
sessions { id title kind startsAtLocal speakers { name affiliation } } organisers { id name }
"""

CREATE = f"mutation($input: CreateEventInput!) {{ createEvent(input: $input) {{ {EVENT_FIELDS} }} }}"
PUBLISH = f"mutation($id: ID!) {{ publishEvent(id: $id) {{ {EVENT_FIELDS} }} }}"
REGISTER = """
mutation($eventId: ID!, $input: RegisterInput!, $key: String) {
  register(eventId: $eventId, input: $input, idempotencyKey: $key) { id status waitlistPosition email ticketCode cancelUrl event { id seatsLeft } }
}"""
EVENTS = """
query($timing: EventTiming, $kind: EventKind, $organiserId: ID, $first: Int, $after: String) {
  events(timing: $timing, kind: $kind, organiserId: $organiserId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id title capacity seatsLeft organisers { name } }
  }
}"""


def _day() -> str:
    return (datetime.now(UTC) + timedelta(days=40)).date().isoformat()


@pytest.fixture(scope="module")
async def conference(graphql, secretariat, register):
    """A published online conference of two organisers, capacity 2 with a waitlist."""
    catapa = await register(f"CATAPA {uuid.uuid4().hex[:6]}")
    bbl = await register(f"Bond Beter Leefmilieu {uuid.uuid4().hex[:6]}")
    day = _day()
    event_input = {
        "kind": "ONLINE_CONFERENCE", "titles": [{"language": "NL", "text": "Fair ICT conferentie"}, {"language": "EN", "text": "Fair ICT conference"}],
        "startsAt": f"{day}T13:00:00", "endsAt": f"{day}T17:00:00", "joinUrl": "https://zoom.example.org/j/gateway-secret",
        "organiserIds": [catapa["id"], bbl["id"]], "capacity": 2,
        "sessions": [{"startsAt": f"{day}T16:00:00", "durationMinutes": 60, "title": "Uitreiking Fair ICT Awards", "kind": "AWARD_CEREMONY",
                      "speakers": [{"name": "Kim Claes", "affiliation": "CATAPA"}]}],
    }
    created = await graphql(CREATE, {"input": event_input}, token=secretariat)
    assert "errors" not in created, created
    published = await graphql(PUBLISH, {"id": created["data"]["createEvent"]["id"]}, token=secretariat)
    assert "errors" not in published, published
    return {"event": published["data"]["publishEvent"], "catapa": catapa, "bbl": bbl}


async def test_an_event_shows_its_programme_seats_and_organisers_batched(graphql, conference, membership):
    event = conference["event"]
    assert event["status"] == "PUBLISHED" and event["title"] == "Fair ICT conferentie" and event["seatsLeft"] == 2
    assert event["startsAtLocal"][11:16] == "13:00" and event["sessions"][0]["kind"] == "AWARD_CEREMONY"
    assert {o["name"] for o in event["organisers"]} == {conference["catapa"]["name"], conference["bbl"]["name"]}

    before = len(membership.organisation_calls())
    listed = await graphql(EVENTS, {"timing": "UPCOMING", "first": 50})
    assert "errors" not in listed, listed
    assert event["id"] in [e["id"] for e in listed["data"]["events"]["nodes"]]
    assert len(membership.organisation_calls()) - before == 1  # every event's organisers in one call
    mine = await graphql(EVENTS, {"organiserId": conference["catapa"]["id"]})
    assert [e["id"] for e in mine["data"]["events"]["nodes"]] == [event["id"]]
    assert "gateway-secret" not in str(listed) + str(mine)


async def test_register_fills_seats_then_the_waitlist_and_the_public_sees_no_registrant(graphql, conference, secretariat, token, events_upstream):
    event_id = conference["event"]["id"]
    people = []
    for i in range(3):
        answer = await graphql(REGISTER, {"eventId": event_id, "input": {"name": f"P {i}", "email": f"gw{i}@example.org", "consent": True}})
        assert "errors" not in answer, answer
        people.append(answer["data"]["register"])
    assert [p["status"] for p in people] == ["CONFIRMED", "CONFIRMED", "WAITLISTED"] and people[2]["waitlistPosition"] == 1
    assert people[0]["event"] == {"id": event_id, "seatsLeft": 1} and people[2]["event"]["seatsLeft"] == 0
    again = await graphql(REGISTER, {"eventId": event_id, "input": {"name": "P 0", "email": "gw0@example.org", "consent": True}})
    assert again["data"]["register"]["id"] == people[0]["id"] and again["data"]["register"]["ticketCode"] is None

    query = "query($id: ID!) { event(id: $id) { seatsLeft waitlisted registrations { totalCount nodes { email status } } } }"
    public = await graphql(query, {"id": event_id})
    assert public["data"]["event"] is None or public["data"]["event"]["registrations"] is None
    assert public["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    outsider = await graphql(query, {"id": event_id}, token=token("member", org="00000000-0000-4000-8000-0000000000a1"))
    assert outsider["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    organiser = await graphql(query, {"id": event_id}, token=token("member", org=conference["catapa"]["id"]))
    assert "errors" not in organiser, organiser
    assert organiser["data"]["event"]["registrations"]["totalCount"] == 3 and organiser["data"]["event"]["seatsLeft"] == 0

    before = len(events_upstream.calls)
    batched = await graphql("query($id: ID!) { event(id: $id) { registrations { nodes { event { id } } } } }", {"id": event_id},
                            token=secretariat)
    assert [r["event"]["id"] for r in batched["data"]["event"]["registrations"]["nodes"]] == [event_id] * 3
    lookups = [c for c in events_upstream.calls[before:] if c.path == "/events"]
    assert len(lookups) == 1  # the event itself was cached by the loader: the three registrations add no call

    token_of = people[0]["cancelUrl"].split("token=")[1]
    cancelled = await graphql("mutation($id: ID!, $t: String) { cancelRegistration(id: $id, token: $t) { status } }",
                              {"id": people[0]["id"], "t": token_of})
    assert cancelled["data"]["cancelRegistration"]["status"] == "CANCELLED"
    promoted = await graphql("query($id: ID!) { registrations: event(id: $id) { registrations { nodes { email status } } } }",
                             {"id": event_id}, token=secretariat)
    statuses = {r["email"]: r["status"] for r in promoted["data"]["registrations"]["registrations"]["nodes"]}
    assert statuses["gw2@example.org"] == "CONFIRMED"

    ticket = people[1]["ticketCode"]
    scan = "mutation($e: ID!, $c: String!) { checkIn(eventId: $e, ticketCode: $c) { alreadyCheckedIn registration { status } } }"
    first = await graphql(scan, {"e": event_id, "c": ticket}, token=secretariat)
    second = await graphql(scan, {"e": event_id, "c": ticket}, token=secretariat)
    assert first["data"]["checkIn"] == {"alreadyCheckedIn": False, "registration": {"status": "CHECKED_IN"}}
    assert second["data"]["checkIn"]["alreadyCheckedIn"] is True
    door = await graphql(scan, {"e": event_id, "c": ticket}, token=token("member", org=conference["catapa"]["id"]))
    assert door["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_errors_keep_the_services_codes(graphql, secretariat, conference):
    unknown = await graphql(REGISTER, {"eventId": "nope", "input": {"name": "A", "email": "a@example.org", "consent": True}})
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    bad = await graphql(REGISTER, {"eventId": conference["event"]["id"], "input": {"name": "A", "email": "not-mail", "consent": True}})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    overlap = await graphql(
        "mutation($e: ID!, $s: SessionInput!) { addSession(eventId: $e, input: $s) { id } }",
        {"e": conference["event"]["id"], "s": {"startsAt": f"{_day()}T16:30:00", "durationMinutes": 10, "title": "Clash", "kind": "TALK"}},
        token=secretariat)
    assert overlap["errors"][0]["extensions"]["code"] == "CONFLICT" and overlap["errors"][0]["extensions"]["reason"] == "SESSION_OVERLAP"
    anonymous = await graphql(CREATE, {"input": {"kind": "WEBINAR", "titles": [{"language": "EN", "text": "x"}], "startsAt": "2030-01-01T10:00:00",
                                                 "endsAt": "2030-01-01T11:00:00"}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    past = await graphql(CREATE, {"input": {"kind": "WEBINAR", "titles": [{"language": "EN", "text": "Past"}], "startsAt": "2021-01-01T10:00:00",
                                            "endsAt": "2021-01-01T11:00:00", "joinUrl": "https://meet.example.org/x",
                                            "registrationClosesOn": "2020-12-31"}}, token=secretariat)
    event_id = past["data"]["createEvent"]["id"]
    await graphql(PUBLISH, {"id": event_id}, token=secretariat)
    closed = await graphql(REGISTER, {"eventId": event_id, "input": {"name": "A", "email": "a@example.org", "consent": True}})
    assert closed["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "REGISTRATION_CLOSED")
    assert "REGISTRATION_CLOSED" in (closed["errors"][0]["extensions"]["code"], closed["errors"][0]["extensions"].get("reason"))


async def test_update_event_raises_the_capacity_and_promotes(graphql, secretariat):
    day = _day()
    created = await graphql(CREATE, {"input": {"kind": "IN_PERSON_MEETING", "titles": [{"language": "EN", "text": "Annual meeting"}],
                                               "startsAt": f"{day}T09:30:00", "endsAt": f"{day}T17:00:00", "venue": "Antwerp", "capacity": 1}},
                            token=secretariat)
    event_id = created["data"]["createEvent"]["id"]
    await graphql(PUBLISH, {"id": event_id}, token=secretariat)
    for i in range(2):
        await graphql(REGISTER, {"eventId": event_id, "input": {"name": f"U {i}", "email": f"upd{i}@example.org", "consent": True}})
    update = "mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { capacity seatsLeft waitlisted venue } }"
    answer = await graphql(update, {"id": event_id, "input": {"capacity": 3, "venue": "Antwerp, Belgium"}}, token=secretariat)
    assert answer["data"]["updateEvent"] == {"capacity": 3, "seatsLeft": 1, "waitlisted": 0, "venue": "Antwerp, Belgium"}
    refused = await graphql(update, {"id": event_id, "input": {"capacity": 1}}, token=secretariat)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_personal_links_tokens_read_the_registration_its_calendar_and_its_join_link(graphql, secretariat):
    """What the web site's personal pages ask, with only the tokens of the e-mailed links."""
    day = _day()
    created = await graphql(CREATE, {"input": {
        "kind": "ONLINE_CONFERENCE", "titles": [{"language": "NL", "text": "Persoonlijke links"}], "startsAt": f"{day}T13:00:00",
        "endsAt": f"{day}T17:00:00", "joinUrl": "https://zoom.example.org/j/personal-links", "capacity": 1}}, token=secretariat)
    event_id = created["data"]["createEvent"]["id"]
    await graphql(PUBLISH, {"id": event_id}, token=secretariat)
    register = """mutation($e: ID!, $i: RegisterInput!) { register(eventId: $e, input: $i) { id cancelUrl calendarUrl ticketUrl } }"""
    mine = (await graphql(register, {"e": event_id, "i": {"name": "An", "email": "an.links@example.org", "language": "NL", "consent": True}}))
    mine = mine["data"]["register"]
    cancel, calendar = mine["cancelUrl"].split("token=")[1], mine["calendarUrl"].split("token=")[1]
    registration_id = mine["cancelUrl"].split("/registrations/")[1].split("/")[0]

    read = "query($id: ID!, $t: String) { registration(id: $id, token: $t) { status name ticketCode joinUrl event { id } } }"
    personal = (await graphql(read, {"id": registration_id, "t": cancel}))["data"]["registration"]
    assert personal["status"] == "CONFIRMED" and personal["name"] == "An" and personal["event"]["id"] == event_id
    join = personal["joinUrl"].split("token=")[1]

    ics = await graphql("query($id: ID!, $t: String!) { registrationCalendar(id: $id, token: $t) }", {"id": registration_id, "t": calendar})
    assert "errors" not in ics, ics
    assert ics["data"]["registrationCalendar"].startswith("BEGIN:VCALENDAR")
    wrong = await graphql("query($id: ID!, $t: String!) { registrationCalendar(id: $id, token: $t) }", {"id": registration_id, "t": cancel})
    assert wrong["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    link = "query($id: ID!, $t: String!) { registrationJoinLink(id: $id, token: $t) { status active url } }"
    active = await graphql(link, {"id": registration_id, "t": join})
    assert active["data"]["registrationJoinLink"] == {"status": "CONFIRMED", "active": True, "url": "https://zoom.example.org/j/personal-links"}
    assert (await graphql(link, {"id": registration_id, "t": calendar}))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await graphql("mutation($id: ID!, $t: String) { cancelRegistration(id: $id, token: $t) { status } }", {"id": registration_id, "t": cancel})
    assert (await graphql(link, {"id": registration_id, "t": join}))["data"]["registrationJoinLink"] == {
        "status": "CANCELLED", "active": False, "url": None}
