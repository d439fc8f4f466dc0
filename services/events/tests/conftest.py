"""The events HTTP API in-process on each database, without a broker (events wait in the outbox)."""

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from events.adapters.orm import outbox
from events.bootstrap import create_app
from servicekit.testing import bearer, service_env
from sqlalchemy import select

MEETING_URL = "https://meet.example.org/j/secret-8415"


@pytest.fixture
def events_env() -> dict[str, str]:
    """Extra EVENTS_* settings for the app under test; override in a test module."""
    return {"run_scheduler": "false"}


@pytest.fixture
async def api(database_url, monkeypatch, jwt_keys, events_env, token):
    service_env(monkeypatch, "events", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1],
                public_url="http://events", **events_env)
    app = create_app()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://events", timeout=60) as client:
            client.runtime = app.state.runtime
            client.staff = bearer(token("secretariat"))
            client.event_body, client.person, client.meeting_url = event_body, person, MEETING_URL
            client.published_event = lambda **overrides: published_event(client, **overrides)
            client.outbox = lambda: outbox_rows(client)
            yield client


def event_body(**overrides) -> dict:
    """An online conference a month ahead, 13:00-17:00 Brussels, registration open."""
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    body = {
        "kind": "online_conference", "title": {"en": "Fair ICT conference", "nl": "Fair ICT conferentie"}, "languages": ["nl", "en"],
        "starts_at": f"{day}T13:00:00", "ends_at": f"{day}T17:00:00", "join_url": MEETING_URL, "capacity": 100, "waitlist": True,
    }
    return {**body, **overrides}


async def published_event(api, **overrides) -> dict:
    created = await api.post("/events", json=event_body(**overrides), headers=api.staff)
    assert created.status_code == 201, created.text
    published = await api.post(f"/events/{created.json()['id']}/publish", headers=api.staff)
    assert published.status_code == 200, published.text
    return published.json()


def person(i: int = 0, **overrides) -> dict:
    return {"name": f"Person {i}", "email": f"person{i}@example.org", "organisation": "CATAPA", "language": "nl", "consent": True, **overrides}


async def outbox_rows(api) -> list[tuple[str, str, dict]]:
    async with api.runtime.engine.connect() as conn:
        rows = (await conn.execute(select(outbox.c.type, outbox.c.key, outbox.c.payload).order_by(outbox.c.seq))).all()
    return [(t, k, json.loads(p)) for t, k, p in rows]
