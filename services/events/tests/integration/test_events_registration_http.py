"""Registering over HTTP on SQLite and PostgreSQL: the refusals that must hold, duplicates, and the events emitted."""

from datetime import UTC, datetime, timedelta

import pytest
from servicekit.testing import bearer

# Organisations' ids, as membership writes them (tokens carry them in their 'org' claim).
CATAPA = "00000000-0000-4000-8000-00000000ca7a"
OTHER_ORGANISATION = "00000000-0000-4000-8000-0000000000a2"
FIDO = "00000000-0000-4000-8000-00000000f1d0"
SOME_ORGANISATION = "00000000-0000-4000-8000-0000000000a1"


async def test_a_registration_is_confirmed_with_its_ticket_and_emits_confirmed_and_the_join_link(api):
    event = await api.published_event()
    response = await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    assert response.status_code == 201, response.text
    registration = response.json()
    assert registration["status"] == "confirmed" and registration["ticket_code"] and registration["cancel_url"].startswith("http://events/")

    rows = await api.outbox()
    assert [t for t, _, _ in rows] == ["events.event.published.v1", "events.registration.confirmed.v1", "events.registration.join_link_released.v1"]
    _, key, confirmed = rows[1]
    assert key == registration["id"] and confirmed["registrant"]["email"] == "person1@example.org" and confirmed["registrant"]["language"] == "nl"
    assert confirmed["ticket_code"] == registration["ticket_code"] and confirmed["event"]["timezone"] == "Europe/Brussels"
    join_url = rows[2][2]["join_url"]
    assert join_url.startswith(f"http://events/registrations/{registration['id']}/join?token=") and api.meeting_url not in join_url
    assert (await api.get(f"/events/{event['id']}")).json()["seats_taken"] == 1


async def test_after_the_deadline_registration_is_refused_with_registration_closed(api):
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    event = await api.published_event(registration_closes_on=yesterday)
    response = await api.post(f"/events/{event['id']}/registrations", json=api.person())
    assert response.status_code == 422 and response.json()["code"] == "REGISTRATION_CLOSED", response.text
    assert "Brussels time" in response.json()["detail"]
    assert [t for t, _, _ in await api.outbox()] == ["events.event.published.v1"]


async def test_a_full_event_without_waitlist_is_409_event_full_and_with_a_waitlist_waitlists(api):
    strict = await api.published_event(capacity=1, waitlist=False)
    assert (await api.post(f"/events/{strict['id']}/registrations", json=api.person(1))).status_code == 201
    full = await api.post(f"/events/{strict['id']}/registrations", json=api.person(2))
    assert full.status_code == 409 and full.json()["code"] == "EVENT_FULL"

    kept = await api.published_event(capacity=1, waitlist=True)
    assert (await api.post(f"/events/{kept['id']}/registrations", json=api.person(1))).json()["status"] == "confirmed"
    second = await api.post(f"/events/{kept['id']}/registrations", json=api.person(2))
    third = await api.post(f"/events/{kept['id']}/registrations", json=api.person(3))
    assert second.status_code == 201 and second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    assert third.json()["waitlist_position"] == 2
    waitlisted = [p for t, _, p in await api.outbox() if t == "events.registration.waitlisted.v1"]
    assert [p["position"] for p in waitlisted] == [1, 2]
    shown = (await api.get(f"/events/{kept['id']}")).json()
    assert (shown["seats_left"], shown["waitlisted"]) == (0, 2)


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "", "person@@example.org"])
async def test_an_invalid_email_is_422(api, email):
    event = await api.published_event()
    response = await api.post(f"/events/{event['id']}/registrations", json=api.person(email=email))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "email"


async def test_unknown_events_are_404_and_bad_bodies_422(api):
    missing = await api.post("/events/00000000-0000-0000-0000-000000000000/registrations", json=api.person())
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    assert (await api.get("/events/nope")).status_code == 404
    event = await api.published_event()
    no_consent = await api.post(f"/events/{event['id']}/registrations", json=api.person(consent=False))
    assert no_consent.status_code == 422 and no_consent.json()["errors"][0]["field"] == "consent"
    garbage = await api.post(f"/events/{event['id']}/registrations", content="{", headers={"content-type": "application/json"})
    assert garbage.status_code == 422


async def test_a_draft_takes_no_registrations_and_is_invisible_to_the_public(api):
    draft = (await api.post("/events", json=api.event_body(), headers=api.staff)).json()
    assert (await api.get(f"/events/{draft['id']}")).status_code == 404
    assert (await api.post(f"/events/{draft['id']}/registrations", json=api.person())).status_code == 404
    staff_view = await api.post(f"/events/{draft['id']}/registrations", json=api.person(), headers=api.staff)
    assert staff_view.status_code == 422 and staff_view.json()["code"] == "REGISTRATION_CLOSED"


async def test_the_same_email_twice_returns_the_existing_registration_without_its_secrets(api):
    event = await api.published_event()
    first = (await api.post(f"/events/{event['id']}/registrations", json=api.person(7))).json()
    again = await api.post(f"/events/{event['id']}/registrations", json=api.person(7, email="PERSON7@example.org", name="Someone else"))
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert again.json()["ticket_code"] is None and again.json()["email"] is None  # knowing an address reveals no ticket
    assert [t for t, _, _ in await api.outbox()].count("events.registration.confirmed.v1") == 1


async def test_an_idempotency_key_makes_a_retry_return_the_same_registration(api):
    event = await api.published_event()
    key = {"Idempotency-Key": "retry-1"}
    first = await api.post(f"/events/{event['id']}/registrations", json=api.person(8), headers=key)
    retry = await api.post(f"/events/{event['id']}/registrations", json=api.person(8), headers=key)
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["id"] == first.json()["id"] and retry.json()["ticket_code"] == first.json()["ticket_code"]
    other = await api.post(f"/events/{event['id']}/registrations", json=api.person(9), headers=key)
    assert other.status_code == 422 and other.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_members_register_their_staff_and_members_only_events_refuse_the_public(api, token):
    event = await api.published_event(audience="members")
    assert (await api.get(f"/events/{event['id']}")).status_code == 404  # not even listed for the public
    public = await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    assert public.status_code == 404
    member = await api.post(f"/events/{event['id']}/registrations", json=api.person(2), headers=bearer(token("member", org=FIDO)))
    assert member.status_code == 201 and member.json()["organisation_id"] == FIDO
    confirmed = [p for t, _, p in await api.outbox() if t == "events.registration.confirmed.v1"]
    assert confirmed[0]["registrant"]["organisation_id"] == FIDO


async def test_only_the_secretariat_creates_and_publishes(api, token):
    assert (await api.post("/events", json=api.event_body())).status_code == 401
    member = await api.post("/events", json=api.event_body(), headers=bearer(token("member", org=SOME_ORGANISATION)))
    assert member.status_code == 403 and member.json()["code"] == "FORBIDDEN"
    operator = await api.post("/events", json=api.event_body(), headers=bearer(token("operator")))
    assert operator.status_code == 201


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/events?first=0", None),
    ("GET", "/events?when=tomorrow", None),
    ("POST", "/events", {"kind": "webinar", "title": {"en": "x"}, "starts_at": "not a time", "ends_at": "2030-01-01T10:00:00"}),
    ("POST", "/events", {"kind": "webinar", "title": {"en": "x"}, "starts_at": "2030-03-31T02:30:00", "ends_at": "2030-03-31T04:00:00",
                         "capacity": 0}),
    ("POST", "/events/{id}/check-ins", {"ticket_code": ""}),
    ("POST", "/events/{id}/sessions", {"starts_at": "2030-01-01T10:00:00", "duration_minutes": -5, "title": "x", "kind": "talk"}),
    ("POST", "/events/{id}/cancel", {"reason": ""}),
    ("PATCH", "/events/{id}", {"capacity": "many"}),
])
async def test_bad_input_is_a_422_problem_never_a_500(api, method, path, body):
    event = await api.published_event()
    response = await api.request(method, path.format(id=event["id"]), json=body, headers=api.staff)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json" and response.json()["code"]


async def test_the_registrations_of_many_events_in_one_call_keep_each_events_rules(api, token):
    ours = await api.published_event(organiser_ids=[CATAPA], capacity=1)
    theirs = await api.published_event(organiser_ids=[OTHER_ORGANISATION])
    draft = (await api.post("/events", json=api.event_body(), headers=api.staff)).json()
    for i in range(3):
        await api.post(f"/events/{ours['id']}/registrations", json=api.person(i))
    await api.post(f"/events/{theirs['id']}/registrations", json=api.person(9))
    ids = [ours["id"], theirs["id"], draft["id"], "no-such-event", ours["id"]]

    as_staff = await api.get("/registrations", params={"event_id": ids, "first": 2}, headers=api.staff)
    as_member = await api.get("/registrations", params={"event_id": ids}, headers=bearer(token("member", org=CATAPA)))
    anonymous = await api.get("/registrations", params={"event_id": ids})
    too_many = await api.get("/registrations", params={"event_id": [f"e{i}" for i in range(201)]}, headers=api.staff)

    assert as_staff.status_code == 200, as_staff.text
    staff_pages = as_staff.json()["items"]
    assert [p["event_id"] for p in staff_pages] == ids[:4]  # each event once, in the order asked
    assert [(p["total_count"], len(p["items"]), p["page_info"]["has_next_page"]) for p in staff_pages[:3]] == [(3, 2, True), (1, 1, False), (0, 0, False)]
    assert [r["status"] for r in staff_pages[0]["items"]] == ["confirmed", "waitlisted"] and staff_pages[0]["items"][1]["waitlist_position"] == 1
    assert staff_pages[3]["problem"]["status"] == 404 and staff_pages[3]["problem"]["code"] == "NOT_FOUND"
    member_pages = {p["event_id"]: p for p in as_member.json()["items"]}
    assert member_pages[ours["id"]]["total_count"] == 3 and member_pages[ours["id"]]["problem"] is None
    assert member_pages[theirs["id"]]["problem"]["code"] == "FORBIDDEN" and member_pages[theirs["id"]]["items"] == []
    assert member_pages[draft["id"]]["problem"]["code"] == "NOT_FOUND"  # a draft's existence is not the member's to know
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "UNAUTHENTICATED"
    assert too_many.status_code == 422
