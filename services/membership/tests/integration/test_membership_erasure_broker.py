"""An erasure request over a real Kafka-protocol broker: the request goes out naming the person by hashes only,
membership's own answer comes back and is skipped, another service's answer completes the request."""

from datetime import UTC, datetime

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from contracts import Envelope
from contracts.privacy import PersonErasureCompleted
from contracts.topics import PRIVACY_ERASURE
from membership.bootstrap import create_app
from servicekit.localbroker import LocalBroker
from servicekit.testing import bearer, eventually, kafka_ready, service_env

EMAIL = "jan.janssens@example.org"


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of this test's own, so that privacy.erasure carries only its events."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


@pytest.fixture
async def api(database_url, monkeypatch, jwt_keys, kafka_bootstrap, token):
    service_env(monkeypatch, "membership", database_url=database_url, kafka=kafka_bootstrap, public_key=jwt_keys[1],
                relay_poll_seconds="0.2", privacy_services="membership,events")
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    app = create_app()
    async with app.router.lifespan_context(app):
        await kafka_ready(app.state.runtime)  # consumers in their groups, relay connected: the timeouts below are then the flow's alone
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://membership",
                                     headers=bearer(token("secretariat", subject="alice"))) as client:
            yield client


async def published(bootstrap: str, count: int) -> list:
    consumer = AIOKafkaConsumer(PRIVACY_ERASURE, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        found = []
        while len(found) < count:
            batch = await consumer.getmany(timeout_ms=15000)
            assert batch, f"only {len(found)} of {count} events on {PRIVACY_ERASURE}"
            found += [m for messages in batch.values() for m in messages]
        return found
    finally:
        await consumer.stop()


async def test_the_request_goes_out_by_hashes_and_completes_on_the_answers_that_come_back(api, kafka_bootstrap):
    response = await api.post("/privacy/erasure-requests", json={"email": EMAIL, "names": ["Jan Janssens"], "reason": "Art. 17 GDPR"})
    assert response.status_code == 202, response.text
    request = response.json()

    messages = await published(kafka_bootstrap, 2)
    types = [dict(m.headers)["ce_type"].decode() for m in messages]
    assert types == ["person.erasure_requested.v1", "person.erasure_completed.v1"], types
    assert all(m.key.decode() == request["id"] for m in messages)
    assert all(b"janssens" not in m.value.lower() for m in messages)  # the topic never names the person

    answer = PersonErasureCompleted(request_id=request["id"], service="events", erased={"registration": 1}, completed_at=datetime.now(UTC))
    envelope = Envelope(source="events", type=answer.event_type, subject=request["id"], correlationid="c")
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(PRIVACY_ERASURE, answer.model_dump_json().encode(), key=request["id"].encode(), headers=envelope.to_headers())
    finally:
        await producer.stop()

    async def status():
        return (await api.get(f"/privacy/erasure-requests/{request['id']}")).json()["status"]

    await eventually(status, expect="completed", timeout=30)
    done = (await api.get(f"/privacy/erasure-requests/{request['id']}")).json()
    assert {a["service"]: a["erased"] for a in done["answers"]} == {"membership": {}, "events": {"registration": 1}}
