"""Events and their programme over HTTP: publication, sessions, cancellation, listing and what the public sees."""

from servicekit.testing import bearer

# Organisations' ids, as membership writes them (tokens carry them in their 'org' claim).
CATAPA = "00000000-0000-4000-8000-00000000ca7a"
OTHER_ORGANISATION = "00000000-0000-4000-8000-0000000000a2"

CEREMONY = {"starts_at": "{day}T16:00:00", "duration_minutes": 60, "title": "Uitreiking Fair ICT Awards 2021", "kind": "award_ceremony"}


def _day(api) -> str:
    return api.event_body()["starts_at"][:10]


async def test_sessions_are_ordered_never_overlap_in_a_track_and_travel_in_the_published_event(api):
    day = _day(api)
    sessions = [
        {"starts_at": f"{day}T13:15:00", "duration_minutes": 20, "title": "Getuigenis", "kind": "testimony",
         "speakers": [{"name": "Dina Septi Utami", "affiliation": "LIPS"}]},
        {"starts_at": f"{day}T13:00:00", "duration_minutes": 15, "title": "Welkom & Introductie", "kind": "talk"},
    ]
    created = await api.post("/events", json=api.event_body(sessions=sessions), headers=api.staff)
    assert created.status_code == 201, created.text
    event = created.json()
    assert [s["title"] for s in event["sessions"]] == ["Welkom & Introductie", "Getuigenis"]
    assert event["sessions"][0]["starts_at_local"].endswith(("+01:00", "+02:00")) and event["sessions"][0]["starts_at_local"][11:16] == "13:00"

    overlap = await api.post(f"/events/{event['id']}/sessions", headers=api.staff,
                             json={"starts_at": f"{day}T13:20:00", "duration_minutes": 10, "title": "Clash", "kind": "talk"})
    assert overlap.status_code == 409 and overlap.json()["code"] == "SESSION_OVERLAP"
    other_track = await api.post(f"/events/{event['id']}/sessions", headers=api.staff,
                                 json={"starts_at": f"{day}T13:20:00", "duration_minutes": 10, "title": "Parallel", "kind": "panel", "track": "B"})
    assert other_track.status_code == 201
    outside = await api.post(f"/events/{event['id']}/sessions", headers=api.staff,
                             json={"starts_at": f"{day}T18:00:00", "duration_minutes": 10, "title": "Late", "kind": "talk"})
    assert outside.status_code == 422
    assert await api.outbox() == []  # a draft's edits are nobody's business yet

    assert (await api.post(f"/events/{event['id']}/publish", headers=api.staff)).status_code == 200
    ceremony = {k: v.format(day=day) if isinstance(v, str) else v for k, v in CEREMONY.items()}
    added = await api.post(f"/events/{event['id']}/sessions", json=ceremony, headers=api.staff)
    assert added.status_code == 201
    rows = await api.outbox()
    assert [t for t, _, _ in rows] == ["events.event.published.v1", "events.event.programme_changed.v1"]
    published, changed = rows[0][2], rows[1][2]
    assert [s["title"] for s in published["sessions"]] == ["Welkom & Introductie", "Getuigenis", "Parallel"]
    assert published["sessions"][1]["speakers"] == [{"name": "Dina Septi Utami", "affiliation": "LIPS"}]
    award = [s for s in changed["sessions"] if s["kind"] == "award_ceremony"]
    assert award and award[0]["session_id"] == added.json()["id"]

    moved = await api.put(f"/events/{event['id']}/sessions/{added.json()['id']}", headers=api.staff, json={**ceremony, "duration_minutes": 45})
    assert moved.status_code == 200 and moved.json()["duration_minutes"] == 45
    assert (await api.delete(f"/events/{event['id']}/sessions/{added.json()['id']}", headers=api.staff)).status_code == 204
    assert (await api.delete(f"/events/{event['id']}/sessions/{added.json()['id']}", headers=api.staff)).status_code == 404
    assert [t for t, _, _ in await api.outbox()].count("events.event.programme_changed.v1") == 3


async def test_invalid_events_are_422_with_the_field(api):
    bad = await api.post("/events", json=api.event_body(ends_at=api.event_body()["starts_at"]), headers=api.staff)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ends_at"
    no_venue = await api.post("/events", json=api.event_body(kind="in_person_meeting", join_url=None), headers=api.staff)
    assert no_venue.status_code == 422 and no_venue.json()["errors"][0]["field"] == "venue"
    no_title = await api.post("/events", json=api.event_body(title={"es": "Hola"}), headers=api.staff)
    assert no_title.status_code == 422
    no_link = (await api.post("/events", json=api.event_body(join_url=None), headers=api.staff)).json()
    refused = await api.post(f"/events/{no_link['id']}/publish", headers=api.staff)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "join_url"


async def test_the_join_url_appears_in_no_public_answer_and_no_event_payload(api):
    event = await api.published_event()
    await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    public_answers = [
        await api.get("/events"), await api.get(f"/events/{event['id']}"), await api.get(f"/events/{event['id']}.ics"),
        await api.get("/events", headers=api.staff), await api.get(f"/events/{event['id']}", headers=api.staff),
        await api.get(f"/events/{event['id']}/registrations", headers=api.staff),
    ]
    for answer in public_answers:
        assert answer.status_code == 200 and api.meeting_url not in answer.text
    assert event["has_join_url"] is True
    for event_type, _, payload in await api.outbox():
        assert api.meeting_url not in str(payload), event_type


async def test_cancelling_an_event_cancels_every_registration_and_tells_each(api):
    event = await api.published_event(capacity=2)
    for i in range(3):
        await api.post(f"/events/{event['id']}/registrations", json=api.person(i))
    cancelled = await api.post(f"/events/{event['id']}/cancel", json={"reason": "Coronamaatregelen"}, headers=api.staff)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled" and cancelled.json()["seats_taken"] == 0
    types = [t for t, _, _ in await api.outbox()]
    assert types.count("events.event.cancelled.v1") == 1 and types.count("events.registration.cancelled.v1") == 3
    assert "events.registration.promoted.v1" not in types
    again = await api.post(f"/events/{event['id']}/cancel", json={"reason": "twice"}, headers=api.staff)
    assert again.status_code == 409 and again.json()["code"] == "INVALID_TRANSITION"
    late = await api.post(f"/events/{event['id']}/registrations", json=api.person(9))
    assert late.status_code == 422 and late.json()["code"] == "REGISTRATION_CLOSED"


async def test_listing_filters_and_pages(api, token):
    a = await api.published_event(kind="webinar", organiser_ids=[CATAPA], languages=["en"])
    b = await api.published_event(kind="workshop", title={"nl": "Workshop"}, languages=["nl"], online=True)
    past = await api.post("/events", json=api.event_body(starts_at="2021-12-02T13:00:00", ends_at="2021-12-02T17:00:00"), headers=api.staff)
    await api.post(f"/events/{past.json()['id']}/publish", headers=api.staff)
    draft = (await api.post("/events", json=api.event_body(), headers=api.staff)).json()

    def ids(response):
        return [e["id"] for e in response.json()["items"]]

    assert draft["id"] not in ids(await api.get("/events")) and draft["id"] in ids(await api.get("/events", headers=api.staff))
    assert ids(await api.get("/events", params={"when": "past"})) == [past.json()["id"]]
    assert (await api.get(f"/events/{past.json()['id']}")).json()["status"] == "completed"
    assert set(ids(await api.get("/events", params={"when": "upcoming"}))) == {a["id"], b["id"]}
    assert ids(await api.get("/events", params={"kind": "webinar"})) == [a["id"]]
    assert ids(await api.get("/events", params={"organiser": CATAPA})) == [a["id"]]
    assert ids(await api.get("/events", params={"language": "nl", "when": "upcoming"})) == [b["id"]]
    first = (await api.get("/events", params={"first": 1})).json()
    assert first["total_count"] == 3 and first["page_info"]["has_next_page"]
    rest = await api.get("/events", params={"first": 5, "after": first["page_info"]["end_cursor"]})
    assert len(rest.json()["items"]) == 2
    assert (await api.get("/events", params={"after": "garbage"})).status_code == 422


async def test_organisers_see_their_events_registrations_and_nobody_else_does(api, token):
    event = await api.published_event(organiser_ids=[CATAPA])
    await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    url = f"/events/{event['id']}/registrations"
    assert (await api.get(url)).status_code == 401
    assert (await api.get(url, headers=bearer(token("member", org=OTHER_ORGANISATION)))).status_code == 403
    mine = await api.get(url, headers=bearer(token("member", org=CATAPA)))
    assert mine.status_code == 200 and mine.json()["items"][0]["email"] == "person1@example.org"
    csv = await api.get(f"/events/{event['id']}/attendance.csv", headers=api.staff)
    assert csv.status_code == 200 and csv.text.splitlines()[0].startswith("name,email,organisation,status,ticket_code")
    assert "person1@example.org" in csv.text
    assert (await api.get(f"/events/{event['id']}/attendance.csv")).status_code == 401


async def test_raising_the_capacity_promotes_the_waitlist_in_order_and_lowering_below_the_taken_seats_is_refused(api):
    event = await api.published_event(capacity=1)
    regs = [(await api.post(f"/events/{event['id']}/registrations", json=api.person(i))).json() for i in range(4)]
    lower = await api.patch(f"/events/{event['id']}", json={"capacity": 1, "title": {"en": "Renamed"}}, headers=api.staff)
    assert lower.status_code == 200 and lower.json()["title"] == {"en": "Renamed"}
    refused = await api.post(f"/events/{event['id']}", json={})
    assert refused.status_code == 405
    raised = await api.patch(f"/events/{event['id']}", json={"capacity": 3}, headers=api.staff)
    assert raised.status_code == 200 and raised.json()["seats_left"] == 0 and raised.json()["waitlisted"] == 1
    promoted = [p["registration_id"] for t, _, p in await api.outbox() if t == "events.registration.promoted.v1"]
    assert promoted == [regs[1]["id"], regs[2]["id"]]
    too_low = await api.patch(f"/events/{event['id']}", json={"capacity": 2}, headers=api.staff)
    assert too_low.status_code == 422 and too_low.json()["errors"][0]["field"] == "capacity"
    assert (await api.patch(f"/events/{event['id']}", json={"starts_at": "2030-01-01T10:00:00"}, headers=api.staff)).status_code == 422
    assert (await api.patch(f"/events/{event['id']}", json={"capacity": 5})).status_code == 401
    nulls = await api.patch(f"/events/{event['id']}", json={"title": None, "description": None, "audience": None, "waitlist": None},
                            headers=api.staff)
    assert nulls.status_code == 200 and nulls.json()["title"] == {"en": "Renamed"} and nulls.json()["description"] == {}
