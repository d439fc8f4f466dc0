"""Awards keeps a copy of the events service's programmes from events.event, published to the real embedded broker."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from contracts import Envelope, topics
from contracts.awards import JurorInvited
from contracts.events import EventCancelled, EventKind, EventPublished, EventSnapshot, ProgrammeChanged, ProgrammeSession, SessionKind
from contracts.membership import Language, OrganisationArchived, OrganisationKind, OrganisationUpdated
from servicekit.testing import bearer, consumed, eventually, kafka_ready, service_env

from awards.bootstrap import create_app

START = datetime(2021, 10, 14, 14, tzinfo=UTC)
TIMELINE = {
    "nominations_open_at": "2021-05-01T00:00:00Z",
    "nominations_close_at": "2021-06-30T22:00:00Z",
    "voting_opens_at": "2021-09-01T00:00:00Z",
    "voting_closes_at": "2021-10-01T00:00:00Z",
}


@pytest.fixture
async def awards(tmp_path, monkeypatch, jwt_keys, kafka_bootstrap):
    service_env(
        monkeypatch,
        "awards",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awards.db'}",
        kafka=kafka_bootstrap,
        public_key=jwt_keys[1],
        run_scheduler="false",
    )
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    app = create_app()
    async with app.router.lifespan_context(app):
        # Its five consumers join their groups one after another: seconds, more on a busy machine. Published
        # before that, an event is still read, but only after the joins, so wait for them, not for a guess.
        await kafka_ready(app.state.runtime)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://awards") as client:
            client.runtime = app.state.runtime
            yield client


@pytest.fixture
async def publish(kafka_bootstrap):
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()

    async def send(event, source="events"):
        envelope = Envelope(source=source, type=event.event_type, subject=event.aggregate_id, correlationid="test")
        await producer.send_and_wait(
            event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(), headers=envelope.to_headers()
        )

    yield send
    await producer.stop()


def _snapshot(event_id):
    return EventSnapshot(
        event_id=event_id,
        kind=EventKind.ONLINE_CONFERENCE,
        title={Language.EN: "Fair ICT Flanders online conference 2021"},
        starts_at=START - timedelta(hours=6),
        ends_at=START + timedelta(hours=1),
        online=True,
        languages=[Language.NL],
    )


def _session(session_id, starts_at):
    return ProgrammeSession(
        session_id=session_id, starts_at=starts_at, duration_minutes=30, title="Fair ICT Awards 2021", kind=SessionKind.AWARD_CEREMONY
    )


async def test_the_ceremony_follows_the_programme_through_publish_change_and_cancel(awards, publish, token):
    event_id, session_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = {
        "name": f"Awards {event_id[:6]}",
        "organiser": "Fair ICT Flanders",
        "timeline": TIMELINE,
        "quorum": 1,
        "ceremony": {"event_id": event_id, "session_id": session_id},
        "categories": [{"name": "Good practice", "eligible_kinds": ["procuring"], "criteria": [{"name": "Impact", "weight": 1}]}],
    }
    edition = (await awards.post("/editions", json=body, headers=bearer(token("secretariat")))).json()
    assert edition["ceremony"]["known"] is False  # the events service has not told awards yet

    async def ceremony():
        return (await awards.get(f"/editions/{edition['id']}")).json()["ceremony"]

    await publish(
        EventPublished(
            event_id=event_id,
            event=_snapshot(event_id),
            waitlist=False,
            sessions=[_session(session_id, START)],
            published_at=START - timedelta(days=30),
        )
    )
    await consumed(awards.runtime, topics.EVENTS_EVENT)
    known = await ceremony()
    assert (known["known"], known["starts_at"], known["title"]) == (True, "2021-10-14T14:00:00Z", "Fair ICT Awards 2021")

    await publish(ProgrammeChanged(event_id=event_id, sessions=[_session(session_id, START + timedelta(minutes=30))], changed_at=START))
    await consumed(awards.runtime, topics.EVENTS_EVENT)
    assert (await ceremony())["starts_at"] == "2021-10-14T14:30:00Z"

    await publish(EventCancelled(event_id=event_id, event=_snapshot(event_id), reason="Storm", cancelled_at=START))
    await consumed(awards.runtime, topics.EVENTS_EVENT)
    assert (await ceremony())["event_cancelled"] is True


async def test_organisation_updates_keep_the_kind_current_and_archiving_is_copied(awards, publish):
    org = str(uuid.uuid4())
    await publish(
        OrganisationUpdated(
            organisation_id=org,
            name="Stad Gent",
            kind=OrganisationKind.COORDINATING,
            country="BE",
            languages=[Language.NL],
            updated_by="alice",
            updated_at=START,
        ),
        source="membership",
    )

    await consumed(awards.runtime, topics.MEMBERSHIP_ORGANISATION)  # its consumer has handled (and committed) it
    assert (await awards.get(f"/known-organisations/{org}")).json()["kind"] == "coordinating"

    await publish(OrganisationArchived(organisation_id=org, reason="merged", archived_by="alice", archived_at=START), source="membership")

    await consumed(awards.runtime, topics.MEMBERSHIP_ORGANISATION)
    assert (await awards.get(f"/known-organisations/{org}")).json()["archived_at"] == "2021-10-14T14:00:00Z"


async def test_the_invitation_reaches_the_broker_for_notifications(awards, token, kafka_bootstrap):
    body = {"name": f"Awards {uuid.uuid4().hex[:6]}", "organiser": "Fair ICT Flanders", "timeline": TIMELINE, "quorum": 1,
            "categories": [{"name": "Good practice", "eligible_kinds": ["procuring"], "criteria": [{"name": "Impact", "weight": 1}]}]}
    edition = (await awards.post("/editions", json=body, headers=bearer(token("secretariat")))).json()
    invited = await awards.post(f"/editions/{edition['id']}/jurors", headers=bearer(token("secretariat")),
                                json={"name": "Ann Peeters", "email": "Ann.Peeters@example.org", "language": "nl"})
    juror_id = invited.json()["id"]

    consumer = AIOKafkaConsumer(topics.AWARDS_JURY, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest", group_id=None)
    await consumer.start()
    try:
        async def invitation():
            batches = await consumer.getmany(timeout_ms=200)
            for record in (r for records in batches.values() for r in records):
                headers = dict(record.headers)
                if headers.get("ce_type") == b"awards.juror.invited.v1" and record.key == juror_id.encode():
                    return JurorInvited.model_validate_json(record.value)
            return None

        event = await eventually(invitation)
    finally:
        await consumer.stop()
    assert (event.name, event.email, event.language.value, event.edition_name) == ("Ann Peeters", "ann.peeters@example.org", "nl", body["name"])
