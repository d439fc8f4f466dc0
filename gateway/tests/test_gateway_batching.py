"""What the issue asks: a query for 50 events with their registrations, organisers and sessions costs one upstream call
per service and query level, counted where the calls arrive (the recorder in front of the real services)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from gateway.node import global_id, local_id
from servicekit.testing import bearer

EVENTS = 50
QUERY = """
query($organiser: ID!) {
  events(organiserId: $organiser, first: 50) {
    totalCount
    nodes {
      id title seatsLeft waitlisted
      sessions { id title speakers { name } }
      organisers { id name }
      registrations(first: 5) { totalCount nodes { email status waitlistPosition } }
    }
  }
}"""


@pytest.fixture(scope="module")
async def fifty_events(events_upstream, register, secretariat):
    """50 published events of one host and one of four co-organisers, each with a session and two to three registrations."""
    host = await register(f"Fair ICT Flanders {uuid.uuid4().hex[:6]}")
    partners = [await register(f"Partner {i} {uuid.uuid4().hex[:6]}") for i in range(4)]
    staff = bearer(secretariat)
    async with httpx.AsyncClient(base_url=events_upstream.url, headers=staff, timeout=30) as http:
        created = await asyncio.gather(*(_published(http, i, [local_id(host["id"]), local_id(partners[i % 4]["id"])]) for i in range(EVENTS)))
        for i, event in enumerate(created):
            for n in range(2 + i % 2):
                response = await http.post(f"/events/{event['id']}/registrations", json={
                    "name": f"Person {i}.{n}", "email": f"p{i}.{n}@example.org", "language": "nl", "consent": True})
                assert response.status_code == 201, response.text
    return host, partners, created


async def _published(http: httpx.AsyncClient, i: int, organisers: list[str]) -> dict:
    day = (datetime.now(UTC) + timedelta(days=60 + i)).date().isoformat()
    body = {"kind": "workshop", "title": {"nl": f"Workshop {i}"}, "starts_at": f"{day}T10:00:00", "ends_at": f"{day}T12:00:00",
            "venue": "Antwerpen", "organiser_ids": organisers, "capacity": 2,
            "sessions": [{"starts_at": f"{day}T10:00:00", "duration_minutes": 60, "title": "Hands-on", "kind": "talk",
                          "speakers": [{"name": "Kim Claes"}]}]}
    created = await http.post("/events", json=body)
    assert created.status_code == 201, created.text
    published = await http.post(f"/events/{created.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return published.json()


async def test_fifty_events_with_registrations_organisers_and_sessions_cost_one_call_per_service_and_level(
    graphql, secretariat, fifty_events, membership, events_upstream
):
    host, partners, created = fifty_events
    events_before, membership_before = len(events_upstream.calls), len(membership.calls)
    body = await graphql(QUERY, {"organiser": host["id"]}, token=secretariat)
    events_calls, membership_calls = events_upstream.calls[events_before:], membership.calls[membership_before:]

    assert "errors" not in body, body
    nodes = body["data"]["events"]["nodes"]
    assert body["data"]["events"]["totalCount"] == EVENTS and len(nodes) == EVENTS
    assert all(len(n["organisers"]) == 2 and n["organisers"][0]["name"] == host["name"] for n in nodes)
    assert {n["organisers"][1]["name"] for n in nodes} == {p["name"] for p in partners}
    assert all(n["sessions"][0]["speakers"] == [{"name": "Kim Claes"}] for n in nodes)
    totals = sorted(n["registrations"]["totalCount"] for n in nodes)
    assert totals == sorted(2 + i % 2 for i in range(EVENTS)) and sum(len(n["registrations"]["nodes"]) for n in nodes) == 125
    waiting = [n for n in nodes if n["registrations"]["totalCount"] == 3]
    assert all(n["waitlisted"] == 1 and n["registrations"]["nodes"][2]["waitlistPosition"] == 1 for n in waiting)

    # Level 1: the events (sessions come with them). Level 2: every event's registrations in one call; every organiser in one.
    assert [c.path for c in events_calls] == ["/events", "/registrations"], events_calls
    assert [c.path for c in membership_calls] == ["/organisations"], membership_calls
    assert len([v for k, v in events_calls[1].params if k == "event_id"]) == EVENTS
    assert len({v for k, v in membership_calls[0].params if k == "ids"}) == 5



async def test_an_organiser_lists_its_own_events_registrations_in_one_call_and_is_refused_the_others(
    graphql, token, fifty_events, events_upstream
):
    host, partners, created = fifty_events
    member = token("member", org=partners[0]["id"])
    before = len(events_upstream.calls)
    own = await graphql(QUERY, {"organiser": partners[0]["id"]}, token=member)
    middle = len(events_upstream.calls)
    everyone = await graphql(QUERY, {"organiser": host["id"]}, token=member)
    calls = events_upstream.calls[before:]

    ours = {global_id("Event", e["id"]) for e in created if local_id(partners[0]["id"]) in e["organiser_ids"]}
    assert "errors" not in own, own
    assert {n["id"] for n in own["data"]["events"]["nodes"]} == ours and len(ours) == EVENTS // 4 + 1
    assert all(n["registrations"]["totalCount"] >= 2 for n in own["data"]["events"]["nodes"])
    # Registrations is non-null: one refused event fails the list, as it did before batching.
    assert everyone["data"] is None and {e["extensions"]["code"] for e in everyone["errors"]} == {"FORBIDDEN"}
    assert [c.path for c in calls] == ["/events", "/registrations"] * 2 and middle - before == 2
