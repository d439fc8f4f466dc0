"""A person's erasure (person.erasure_requested.v1) through the events service's inbox consumer, and the export.

The erased person held a seat on a full event, attended a past one and spoke at a third; another
person shares two of those events and must come out untouched.
"""

import uuid
from datetime import UTC, datetime, timedelta

from contracts import Envelope
from contracts.privacy import PersonErasureRequested, person_hash
from events.adapters.orm import erasures, events as events_table, registrations
from servicekit.inbox import RawMessage
from servicekit.testing import bearer, personal_data_left
from sqlalchemy import select, update

ALICE = {"name": "Alice Erasmus", "email": "alice.erasmus@example.org"}
BOB = {"name": "Bob Bewaard", "email": "bob.bewaard@example.org"}
CAROL = {"name": "Carol Wachter", "email": "carol.wachter@example.org"}


def _request(request_id: str | None = None) -> PersonErasureRequested:
    return PersonErasureRequested(request_id=request_id or str(uuid.uuid4()), email_hash=person_hash(ALICE["email"].upper(), kind="email"),
                                  name_hashes=[person_hash(" alice  ERASMUS", kind="name")], requested_by="secretariat-1",
                                  requested_at=datetime.now(UTC))


def _message(event: PersonErasureRequested) -> RawMessage:
    envelope = Envelope(source="membership", type=event.event_type, subject=event.aggregate_id, correlationid="c")
    return RawMessage(topic=event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


async def _deliver(api, message: RawMessage) -> None:
    consumer = next(s.consumer for s in api.runtime.subscriptions if s.consumer.name == "privacy-erasure")
    await consumer.handle(message)


async def _export(api, who: dict, names=()) -> dict:
    response = await api.post("/privacy/export", json={"email": who["email"], "names": list(names)}, headers=api.staff)
    assert response.status_code == 200, response.text
    return response.json()


async def _register(api, event: dict, who: dict) -> dict:
    response = await api.post(f"/events/{event['id']}/registrations", json=api.person(**who))
    assert response.status_code == 201, response.text
    return response.json()


async def _move_to_the_past(api, event_id: str) -> None:
    """The event has since taken place (registration and check-in happened before it)."""
    start = datetime.now(UTC) - timedelta(days=3)
    async with api.runtime.engine.begin() as conn:
        await conn.execute(update(events_table).where(events_table.c.id == event_id).values(starts_at=start, ends_at=start + timedelta(hours=4)))


async def _seats(api, event_id: str) -> int:
    async with api.runtime.engine.connect() as conn:
        return await conn.scalar(select(events_table.c.seats_taken).where(events_table.c.id == event_id))


async def test_erasure_frees_the_seat_for_the_waitlist_keeps_attendance_and_leaves_nothing_of_the_person(api):
    full = await api.published_event(capacity=1)
    alice_seat = await _register(api, full, ALICE)
    bob_waiting, carol_waiting = await _register(api, full, BOB), await _register(api, full, CAROL)
    assert (alice_seat["status"], bob_waiting["waitlist_position"], carol_waiting["waitlist_position"]) == ("confirmed", 1, 2)

    past = await api.published_event(kind="in_person_meeting", venue="Gent", join_url=None)
    for who in (ALICE, BOB):
        ticket = (await _register(api, past, who))["ticket_code"]
        assert (await api.post(f"/events/{past['id']}/check-ins", json={"ticket_code": ticket}, headers=api.staff)).status_code == 200
    await _move_to_the_past(api, past["id"])

    day = api.event_body()["starts_at"][:10]
    talk = {"starts_at": f"{day}T13:00:00", "duration_minutes": 30, "title": "Eerlijke laptops", "kind": "panel",
            "speakers": [{"name": "Alice Erasmus", "affiliation": "CATAPA"}, {"name": "Dina Septi Utami", "affiliation": "LIPS"}]}
    await api.published_event(sessions=[talk])

    before = await _export(api, ALICE, names=["Alice Erasmus"])
    assert {k: len(v) for k, v in before["records"].items()} == {"registration": 2, "speaker": 1}
    assert "cancel_url" not in str(before) and "token" not in str(before)

    request = _request()
    await _deliver(api, _message(request))

    # The seat went to the waitlist's first, exactly as a cancellation gives it; Carol moved up.
    listed = (await api.get(f"/events/{full['id']}/registrations", headers=api.staff)).json()["items"]
    by_id = {r["id"]: r for r in listed}
    assert by_id[bob_waiting["id"]]["status"] == "confirmed"
    assert (by_id[carol_waiting["id"]]["status"], by_id[carol_waiting["id"]]["waitlist_position"]) == ("waitlisted", 1)
    assert by_id[alice_seat["id"]]["status"] == "cancelled" and by_id[alice_seat["id"]]["name"] == "[erased]"
    assert await _seats(api, full["id"]) == 1
    rows = await api.outbox()
    assert [p["registration_id"] for t, _, p in rows if t == "events.registration.promoted.v1"] == [bob_waiting["id"]]
    # Nothing is sent about the erased person: no cancellation event (it would mail them).
    assert not [p for t, _, p in rows if t == "events.registration.cancelled.v1"]

    # The past event still counts two attendees, one of them pseudonymised.
    csv = (await api.get(f"/events/{past['id']}/attendance.csv", headers=api.staff)).text.splitlines()
    assert len(csv) == 3 and sum(",checked_in," in line for line in csv[1:]) == 2
    assert any(line.startswith("[erased],erased-") and "@erased.invalid" in line for line in csv)

    completed = [p for t, _, p in rows if t == "person.erasure_completed.v1"]
    assert completed == [{**completed[0], "request_id": request.request_id, "service": "events",
                          "erased": {"registration_cancelled": 1, "registration": 2, "speaker": 1}}]
    assert await personal_data_left(api.runtime.engine, {ALICE["email"], ALICE["name"]}) == []
    assert await personal_data_left(api.runtime.engine, {BOB["email"], CAROL["email"], "Dina Septi Utami"})  # the others stay
    assert (await _export(api, BOB))["records"]["registration"][0]["name"] == BOB["name"]
    assert (await _export(api, ALICE, names=["Alice Erasmus"]))["records"] == {}
    async with api.runtime.engine.connect() as conn:
        audit = (await conn.execute(select(erasures))).one()
    assert (audit.request_id, audit.email_hash) == (request.request_id, request.email_hash)

    # Redelivered (same envelope), or the same request again in a new envelope: nothing more happens.
    await _deliver(api, _message(request))
    await _deliver(api, _message(request))
    assert await api.outbox() == rows
    assert await _seats(api, full["id"]) == 1


async def test_an_unknown_person_is_answered_with_empty_counts_and_nobody_else_changes(api):
    event = await api.published_event(capacity=1)
    await _register(api, event, BOB)
    async with api.runtime.engine.connect() as conn:
        before = (await conn.execute(select(registrations))).all()
    request = _request()
    await _deliver(api, _message(request))
    completed = [p for t, _, p in await api.outbox() if t == "person.erasure_completed.v1"]
    assert [c["erased"] for c in completed] == [{}]
    async with api.runtime.engine.connect() as conn:
        assert (await conn.execute(select(registrations))).all() == before


async def test_the_export_is_for_staff_and_refuses_a_bad_body(api, token):
    body = {"email": ALICE["email"]}
    assert (await api.post("/privacy/export", json=body)).status_code == 401
    member = await api.post("/privacy/export", json=body, headers=bearer(token("member", org="00000000-0000-4000-8000-0000000000a1")))
    assert member.status_code == 403
    operator = await api.post("/privacy/export", json=body, headers=bearer(token("operator")))
    assert operator.status_code == 200 and operator.json() == {"service": "events", "records": {}}
    for bad in ({}, {"email": "not an address"}, {"email": ALICE["email"], "names": "Alice"}, {"email": ALICE["email"], "extra": 1}):
        refused = await api.post("/privacy/export", json=bad, headers=api.staff)
        assert refused.status_code == 422 and refused.json()["code"] == "BAD_USER_INPUT", bad
