"""The events service and notifications through the broker: what an event's organisers and registrants receive.

The events service runs on SQLite, notifications on PostgreSQL, with a real SMTP server (aiosmtpd) and a real webhook
receiver; messages are checked with outside clients (standardwebhooks; icalendar, ics and vobject for calendar files).
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from notifications.adapters.mailcatcher import start_mailcatcher
from servicekit.localbroker import LocalBroker, free_port
from servicekit.testing import RunningServer, bearer, eventually, service_env
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

EVENT_TYPES = ["events.event.cancelled.v1", "events.event.programme_changed.v1", "events.event.published.v1"]


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of the test's own: services that stop here must not leave consumer groups on the shared one."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


class Receiver:
    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []  # (path name: whose hook, headers, body)
        self.app = Starlette(routes=[Route("/{name}", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((request.path_params["name"], dict(request.headers), await request.body()))
        return Response(status_code=204)

    async def count(self) -> int:
        return len(self.received)


@pytest.fixture
async def system(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from events.bootstrap import create_app as events_app
    from notifications.bootstrap import create_app as notifications_app

    smtp_port = free_port()
    mail = start_mailcatcher(tmp_path / "mail", port=smtp_port)
    service_env(monkeypatch, "events", database_url=f"sqlite+aiosqlite:///{tmp_path / 'events.db'}", kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2")
    service_env(monkeypatch, "notifications", database_url=await postgres.create("notifications_events"), kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2", smtp_port=str(smtp_port), link_secret="events-test",
                public_base_url="http://notifications.test", dispatch_poll_seconds="0.05", allow_private_webhooks="true")
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    receiver = Receiver()
    try:
        async with RunningServer(events_app()) as e, RunningServer(notifications_app()) as n, RunningServer(receiver.app) as r:
            yield {"events": e.url, "notifications": n.url, "receiver": receiver, "hooks": r.url, "mail": tmp_path / "mail"}
    finally:
        mail.stop()


def event_body(starts_at: str, ends_at: str, **extra) -> dict:
    return {"kind": "workshop", "title": {"nl": "Circulair aankopen", "en": "Circular procurement"}, "languages": ["nl"],
            "starts_at": starts_at, "ends_at": ends_at, "venue": "Gent", "online": False, **extra}


async def test_an_organisers_webhook_hears_of_its_events_cancellation_and_programme_changes(system, token):
    staff = bearer(token("secretariat"))
    organiser, other = str(uuid.uuid4()), str(uuid.uuid4())
    receiver = system["receiver"]
    async with httpx.AsyncClient(base_url=system["notifications"], timeout=30) as notifications:
        subscriptions = {}
        for org in (organiser, other):
            created = await notifications.post("/webhooks/subscriptions", headers=bearer(token("member", org=org)),
                                               json={"url": f"{system['hooks']}/{org}", "event_types": EVENT_TYPES})
            assert created.status_code == 201, created.text
            subscriptions[org] = created.json()["secret"]
    async with httpx.AsyncClient(base_url=system["events"], timeout=30) as events:
        created = await events.post("/events", headers=staff, json=event_body("2027-03-10T13:00:00", "2027-03-10T17:00:00", organiser_ids=[organiser]))
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        assert (await events.post(f"/events/{event_id}/publish", headers=staff)).status_code == 200
        session = await events.post(f"/events/{event_id}/sessions", headers=staff, json={
            "starts_at": "2027-03-10T14:00:00", "duration_minutes": 30, "title": "Getuigenis Stad Gent", "kind": "testimony"})
        assert session.status_code == 201, session.text
        cancelled = await events.post(f"/events/{event_id}/cancel", headers=staff, json={"reason": "Spreker ziek"})
        assert cancelled.status_code == 200, cancelled.text

    await eventually(receiver.count, expect=3, timeout=30)
    assert {whose for whose, _, _ in receiver.received} == {organiser}  # not the other member's hook
    payloads = [Webhook(subscriptions[organiser]).verify(body, headers) for _, headers, body in receiver.received]  # the reference library
    assert sorted((p["type"], p["data"]["event_id"]) for p in payloads) == [(t, event_id) for t in EVENT_TYPES]
