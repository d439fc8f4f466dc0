"""The first slice end to end: GraphQL -> membership -> outbox -> Kafka -> awards' local copy.

Every process of the real system runs here as a real HTTP server on loopback
(membership, awards, gateway), on the session's broker.
"""

import asyncio
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from contracts.topics import MEMBERSHIP_ORGANISATION
from gateway.node import local_id
from servicekit.localbroker import LocalBroker
from servicekit.testing import RunningServer, eventually, kafka_ready, service_env
from sqlalchemy import func, select

REGISTER = """
mutation($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) { id name kind country languages }
}"""


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of the slice's own: the session's broker carries thousands of other tests' events."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


@pytest.fixture
async def system(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from awards.bootstrap import create_app as awards_app
    from gateway.app import create_app as gateway_app
    from membership.bootstrap import create_app as membership_app

    # Membership on SQLite, awards on PostgreSQL: each service its own database.
    service_env(monkeypatch, "membership", database_url=f"sqlite+aiosqlite:///{tmp_path / 'membership.db'}", kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.5")
    service_env(monkeypatch, "awards", database_url=await postgres.create("awards"), kafka=kafka_bootstrap, public_key=jwt_keys[1])
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    membership = membership_app()
    awards = awards_app()
    async with RunningServer(membership) as m, RunningServer(awards) as a:
        await asyncio.gather(kafka_ready(membership.state.runtime), kafka_ready(awards.state.runtime))  # consumers in their groups, relay connected: the timeouts below are then the flow's alone
        monkeypatch.setenv("GATEWAY_MEMBERSHIP_URL", m.url)
        monkeypatch.setenv("GATEWAY_AWARDS_URL", a.url)
        async with RunningServer(gateway_app()) as g:
            yield {"gateway": g.url, "awards": a.url, "awards_runtime": awards.state.runtime}


async def graphql(url, query, variables=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as client:
        return (await client.post(f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers)).json()


async def test_an_organisation_registered_through_the_gateway_reaches_awards_once(system, token, kafka_bootstrap):
    name = f"Vlaanderen Circulair {uuid.uuid4().hex[:6]}"
    body = await graphql(system["gateway"], REGISTER, {"input": {"name": name, "kind": "COORDINATING", "country": "be", "languages": ["NL"]}},
                         token("secretariat"))
    assert "errors" not in body, body
    org = body["data"]["registerOrganisation"]
    org_id = local_id(org["id"])  # the gateway's global id names the service's id
    assert org == {"id": org["id"], "name": name, "kind": "COORDINATING", "country": "BE", "languages": ["NL"]}

    async def awards_copy():
        async with httpx.AsyncClient() as client:
            response = await client.get(f"{system['awards']}/known-organisations/{org_id}")
        return response.json() if response.status_code == 200 else None

    copy = await eventually(awards_copy, timeout=30)
    assert (copy["name"], copy["kind"], copy["country"]) == (name, "coordinating", "BE")

    # Deliver the very same record again: awards' inbox drops it.
    record = await _find_record(kafka_bootstrap, org_id)
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=False)
    await producer.start()
    sent = await producer.send_and_wait(MEMBERSHIP_ORGANISATION, record.value, key=record.key, headers=list(record.headers))
    await producer.stop()
    await eventually(lambda: _consumed_past(kafka_bootstrap, "awards.membership-copy", sent))
    runtime = system["awards_runtime"]
    event_id = dict(record.headers)["ce_id"].decode()

    async def inbox_rows():
        async with runtime.engine.connect() as conn:
            return await conn.scalar(select(func.count()).select_from(runtime.inbox).where(runtime.inbox.c.event_id == event_id))

    assert await inbox_rows() == 1


async def _consumed_past(bootstrap, group, sent) -> bool:
    """Has the consumer group committed an offset beyond ``sent`` (so it handled it)?"""
    partition = TopicPartition(sent.topic, sent.partition)
    # Assigned, not subscribed: reads the group's committed offset without joining the group.
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await reader.start()
    try:
        reader.assign([partition])
        committed = await reader.committed(partition)
    finally:
        await reader.stop()
    return committed is not None and committed > sent.offset


async def _find_record(bootstrap, organisation_id):
    consumer = AIOKafkaConsumer(MEMBERSHIP_ORGANISATION, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        while True:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                for record in batch:
                    if record.key == organisation_id.encode():
                        return record
    finally:
        await consumer.stop()


async def test_bad_input_unknown_ids_and_missing_tokens_through_the_gateway(system, token):
    bad = {"input": {"name": "", "kind": "SUPPORTING", "country": "ZZ", "website": "nope", "languages": ["EN"]}}
    body = await graphql(system["gateway"], REGISTER, bad, token("secretariat"))
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert {f["field"] for f in error["extensions"]["fields"]} >= {"name", "country", "website"}

    body = await graphql(system["gateway"], REGISTER, {"input": {"name": "X", "kind": "SUPPORTING", "country": "BE"}})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await graphql(system["gateway"], REGISTER, {"input": {"name": "X", "kind": "SUPPORTING", "country": "BE"}}, token("member", org="00000000-0000-4000-8000-0000000000a1"))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    body = await graphql(system["gateway"], '{ organisation(id: "00000000-0000-0000-0000-000000000000") { name } }')
    assert body["data"]["organisation"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "Traceback" not in str(body)
