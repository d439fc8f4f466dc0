"""Capacity under concurrency on SQLite and PostgreSQL: never oversold, the waitlist promoted strictly in order."""

import asyncio
from urllib.parse import parse_qs, urlsplit

from events.adapters.orm import events as events_table
from sqlalchemy import select


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


async def test_500_concurrent_registrations_for_100_seats_then_50_cancellations_promote_the_next_50(api):
    event = await api.published_event(capacity=100)
    url = f"/events/{event['id']}/registrations"
    answers = await asyncio.gather(*(api.post(url, json=api.person(i)) for i in range(500)))
    assert {a.status_code for a in answers} == {201}
    registrations = [a.json() for a in answers]
    confirmed = [r for r in registrations if r["status"] == "confirmed"]
    waitlisted = sorted((r for r in registrations if r["status"] == "waitlisted"), key=lambda r: r["waitlist_position"])
    assert (len(confirmed), len(waitlisted)) == (100, 400)
    assert [r["waitlist_position"] for r in waitlisted][:3] == [1, 2, 3]  # positions as drawn under the lock

    cancelled = await asyncio.gather(*(api.post(f"/registrations/{r['id']}/cancel", params={"token": _token(r["cancel_url"])}) for r in confirmed[:50]))
    assert {c.status_code for c in cancelled} == {200} and {c.json()["status"] for c in cancelled} == {"cancelled"}

    async with api.runtime.engine.connect() as conn:
        seats = await conn.scalar(select(events_table.c.seats_taken).where(events_table.c.id == event["id"]))
    assert seats == 100
    rows = await api.outbox()
    promoted = [p["registration_id"] for t, _, p in rows if t == "events.registration.promoted.v1"]
    first_50 = [r["id"] for r in waitlisted[:50]]
    assert sorted(promoted) == sorted(first_50) and len(promoted) == 50
    # Promotions happen in waitlist order: the outbox holds them in commit order.
    assert promoted == first_50
    listed = (await api.get(url, params={"status": "confirmed", "first": 500}, headers=api.staff)).json()
    assert listed["total_count"] == 100
    still_waiting = (await api.get(url, params={"status": "waitlisted", "first": 500}, headers=api.staff)).json()["items"]
    assert sorted(r["waitlist_position"] for r in still_waiting) == list(range(1, 351))

    types = [t for t, _, _ in rows]
    assert types.count("events.registration.confirmed.v1") == 100 and types.count("events.registration.waitlisted.v1") == 400
    assert types.count("events.registration.cancelled.v1") == 50 and types.count("events.registration.join_link_released.v1") == 150


async def test_cancelling_twice_changes_nothing_and_a_promoted_registrant_gets_a_working_join_link(api):
    event = await api.published_event(capacity=1)
    first = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    second = (await api.post(f"/events/{event['id']}/registrations", json=api.person(2))).json()
    rows = await api.outbox()
    first_join = next(p["join_url"] for t, _, p in rows if t.endswith("join_link_released.v1") and p["registration_id"] == first["id"])
    redirect = await api.get(first_join.removeprefix("http://events"))
    assert redirect.status_code == 307 and redirect.headers["location"] == api.meeting_url

    params = {"token": _token(first["cancel_url"])}
    assert (await api.post(f"/registrations/{first['id']}/cancel", params=params)).status_code == 200
    assert (await api.post(f"/registrations/{first['id']}/cancel", params=params)).status_code == 200
    gone = await api.get(first_join.removeprefix("http://events"))
    assert gone.status_code == 410 and gone.json()["code"] == "JOIN_LINK_INACTIVE"

    rows = await api.outbox()
    assert [t for t, _, _ in rows].count("events.registration.cancelled.v1") == 1
    promoted = [p for t, _, p in rows if t == "events.registration.promoted.v1"]
    assert [p["registration_id"] for p in promoted] == [second["id"]] and promoted[0]["status"] == "confirmed"
    second_join = next(p["join_url"] for t, _, p in rows if t.endswith("join_link_released.v1") and p["registration_id"] == second["id"])
    works = await api.get(second_join.removeprefix("http://events"))
    assert works.status_code == 307 and works.headers["location"] == api.meeting_url


async def test_a_forged_or_borrowed_link_is_refused(api):
    event = await api.published_event()
    a = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    b = (await api.post(f"/events/{event['id']}/registrations", json=api.person(2))).json()
    borrowed = await api.post(f"/registrations/{b['id']}/cancel", params={"token": _token(a["cancel_url"])})
    assert borrowed.status_code == 403
    assert (await api.post(f"/registrations/{b['id']}/cancel")).status_code == 401
    join_with_cancel_token = await api.get(f"/registrations/{a['id']}/join", params={"token": _token(a["cancel_url"])})
    assert join_with_cancel_token.status_code == 403
    page = await api.get(f"/registrations/{a['id']}/cancel", params={"token": _token(a["cancel_url"])})
    assert page.status_code == 200 and "<form method=\"post\"" in page.text
    assert (await api.get(f"/registrations/{a['id']}", params={"token": _token(a["cancel_url"])})).json()["status"] == "confirmed"


async def test_two_replicas_on_one_database_never_oversell(api):
    import httpx
    from events.bootstrap import create_app

    event = await api.published_event(capacity=50)
    other = create_app()  # a second process of the service on the same database
    async with other.router.lifespan_context(other):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=other), base_url="http://events", timeout=60) as replica:
            url = f"/events/{event['id']}/registrations"
            answers = await asyncio.gather(*((api if i % 2 else replica).post(url, json=api.person(i)) for i in range(200)))
    assert {a.status_code for a in answers} == {201}
    statuses = [a.json()["status"] for a in answers]
    assert statuses.count("confirmed") == 50 and statuses.count("waitlisted") == 150
    waitlisted = (await api.get(url, params={"status": "waitlisted", "first": 500}, headers=api.staff)).json()["items"]
    assert sorted(r["waitlist_position"] for r in waitlisted) == list(range(1, 151))
    assert (await api.get(f"/events/{event['id']}")).json()["seats_taken"] == 50
