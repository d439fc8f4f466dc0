"""The whole service on the real embedded broker: HTTP -> outbox -> relay -> Kafka, and the scheduler as a background task."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from contracts import spec_for
from contracts.topics import EVENTS_EVENT, EVENTS_REGISTRATION
from events.bootstrap import create_app
from servicekit.testing import bearer, eventually, kafka_ready, service_env

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _local(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/Brussels")).replace(tzinfo=None).isoformat()


async def test_registration_events_and_a_due_reminder_arrive_on_the_broker(database_url, monkeypatch, jwt_keys, token, kafka_bootstrap):
    service_env(monkeypatch, "events", database_url=database_url, kafka=kafka_bootstrap, public_key=jwt_keys[1],
                scheduler_poll_seconds="0.2", relay_poll_seconds="0.2")
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    # Starts in an hour and three seconds: the one-hour reminder falls due while the test watches.
    start = datetime.now(UTC) + timedelta(hours=1, seconds=3)
    app = create_app()
    async with app.router.lifespan_context(app):
        await kafka_ready(app.state.runtime)  # consumers in their groups, relay connected: the timeouts below are then the flow's alone
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://events") as api:
            body = {"kind": "webinar", "title": {"en": "Webinar"}, "starts_at": _local(start), "ends_at": _local(start + timedelta(hours=1)),
                    "join_url": "https://meet.example.org/j/1", "capacity": 10}
            event = (await api.post("/events", json=body, headers=bearer(token("secretariat")))).json()
            await api.post(f"/events/{event['id']}/publish", headers=bearer(token("secretariat")))
            registration = (await api.post(f"/events/{event['id']}/registrations",
                                           json={"name": "An", "email": "an@example.org", "language": "fr", "consent": True})).json()
            seen = await _consume(kafka_bootstrap, {event["id"], registration["id"]},
                                  {"events.event.published.v1", "events.registration.confirmed.v1",
                                   "events.registration.join_link_released.v1", "events.event.reminder_due.v1"})
    assert seen["events.event.reminder_due.v1"]["reminder"] == "1h"
    assert seen["events.registration.confirmed.v1"]["registrant"]["language"] == "fr"


async def _consume(bootstrap: str, keys: set[str], wanted: set[str]) -> dict[str, dict]:
    consumer = AIOKafkaConsumer(EVENTS_EVENT, EVENTS_REGISTRATION, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    seen: dict[str, dict] = {}

    async def poll():
        for batch in (await consumer.getmany(timeout_ms=200)).values():
            for record in batch:
                headers = dict(record.headers)
                if record.key and record.key.decode() in keys:
                    event_type = headers["ce_type"].decode()
                    payload = json.loads(record.value)
                    spec_for(event_type).model.model_validate(payload)  # what consumers will parse
                    seen[event_type] = payload
        return wanted <= seen.keys()

    try:
        await eventually(poll, timeout=30)
    finally:
        await consumer.stop()
    return seen
