"""eventSeatsChanged end to end: the real events service publishes through the embedded broker, the gateway follows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from contracts.topics import EVENTS_REGISTRATION
from events.bootstrap import Settings as EventsSettings
from events.bootstrap import create_app as create_events_app
from gateway.node import global_id
from servicekit.testing import RunningServer, bearer

SEATS = "subscription($id: ID!) { eventSeatsChanged(eventId: $id) { id capacity seatsLeft waitlisted } }"


@pytest.fixture(scope="module")
async def events_live(tmp_path_factory, kafka_bootstrap, jwt_keys):
    settings = EventsSettings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('events-live') / 'e.db'}",
                              kafka_bootstrap_servers=kafka_bootstrap, kafka_session_timeout_ms=2000, jwt_public_key=jwt_keys[1],
                              log_json=True, run_scheduler=False, run_consumers=False)  # the relay only: no groups left behind
    async with RunningServer(create_events_app(settings)) as server:
        yield server


@pytest.fixture(scope="module")
async def live_gateway(gateway_server, events_live, kafka_bootstrap):
    async with gateway_server(events_url=events_live.url, kafka_bootstrap_servers=kafka_bootstrap) as server:
        yield server


async def _event(http: httpx.AsyncClient, staff: dict, *, publish: bool = True, **overrides) -> dict:
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    body = {"kind": "webinar", "title": {"en": "Fair ICT webinar"}, "languages": ["en"], "starts_at": f"{day}T13:00:00",
            "ends_at": f"{day}T14:00:00", "join_url": "https://meet.example.org/j/live", "capacity": 2, "waitlist": True, **overrides}
    created = await http.post("/events", json=body, headers=staff)
    assert created.status_code == 201, created.text
    if not publish:
        return created.json()
    published = await http.post(f"/events/{created.json()['id']}/publish", headers=staff)
    assert published.status_code == 200, published.text
    return published.json()


def _person(i: int) -> dict:
    return {"name": f"Person {i}", "email": f"live{i}@example.org", "language": "en", "consent": True}


async def test_anyone_follows_the_seats_of_a_public_event_live(live_gateway, events_live, live_socket, token):
    staff = bearer(token("secretariat"))
    async with httpx.AsyncClient(base_url=events_live.url, timeout=30) as http:
        event = await _event(http, staff)
        async with live_socket(live_gateway.url, None) as public:
            await public.subscribe(SEATS, {"id": event["id"]})
            initial = await public.data("eventSeatsChanged")  # the state at subscription, before any change
            await _positioned(live_gateway, EVENTS_REGISTRATION)
            register = f"/events/{event['id']}/registrations"
            other = await _event(http, staff)
            assert (await http.post(f"/events/{other['id']}/registrations", json=_person(0))).status_code == 201  # not followed
            first = (await http.post(register, json=_person(1))).json()
            seen = [await public.data("eventSeatsChanged")]
            await http.post(register, json=_person(2))
            seen.append(await public.data("eventSeatsChanged"))
            await http.post(register, json=_person(3))  # no seat left: waitlisted
            seen.append(await public.data("eventSeatsChanged"))
            cancel_token = parse_qs(urlsplit(first["cancel_url"]).query)["token"][0]
            assert (await http.post(f"/registrations/{first['id']}/cancel", params={"token": cancel_token})).status_code == 200
            seen.append(await public.data("eventSeatsChanged"))  # the cancellation frees the seat and the first waiting takes it
            second = (await _confirmed(http, staff, event["id"]))[0]
            assert (await http.post(f"/registrations/{second}/cancel", headers=staff)).status_code == 200
            seen.append(await public.data("eventSeatsChanged"))
            while seen[-1]["seatsLeft"] == 0:  # the promotion's own event may still be on its way: shown once or twice
                seen.append(await public.data("eventSeatsChanged"))

    counts = [(s["seatsLeft"], s["waitlisted"]) for s in seen]
    assert (initial["seatsLeft"], initial["waitlisted"], initial["capacity"]) == (2, 0, 2)
    assert {s["id"] for s in [initial, *seen]} == {global_id("Event", event["id"])} and seen[0]["capacity"] == 2
    assert counts[:3] == [(1, 0), (0, 0), (0, 1)]
    assert counts[3] in ((0, 0), (1, 1)) and set(counts[4:-1]) <= {(0, 0)} and len(counts) <= 7 and counts[-1] == (1, 0)


async def _confirmed(http: httpx.AsyncClient, staff: dict, event_id: str) -> list[str]:
    listed = (await http.get(f"/events/{event_id}/registrations", params={"status": "confirmed"}, headers=staff)).json()
    return [r["id"] for r in listed["items"]]


async def test_an_event_the_subscriber_may_not_see_ends_the_subscription_with_not_found(live_gateway, events_live, live_socket, token):
    staff = bearer(token("secretariat"))
    async with httpx.AsyncClient(base_url=events_live.url, timeout=30) as http:
        draft = await _event(http, staff, publish=False)
        members_only = await _event(http, staff, audience="members")
    async with live_socket(live_gateway.url, None) as public, live_socket(live_gateway.url, token("member", org="00000000-0000-4000-8000-0000000000a1")) as member:
        await public.subscribe(SEATS, {"id": draft["id"]})
        assert await public.error_code() == "NOT_FOUND"
        await public.subscribe(SEATS, {"id": members_only["id"]})
        assert await public.error_code() == "NOT_FOUND"
        await member.subscribe(SEATS, {"id": "no-such-event"})
        assert await member.error_code() == "NOT_FOUND"


async def _positioned(server, topic: str) -> None:
    import asyncio

    await asyncio.wait_for(server.app.state.live.positioned(topic), 30)
