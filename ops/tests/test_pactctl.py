"""pactctl against the real broker and PostgreSQL, run as an operator would: a process with environment variables."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from contracts import Envelope
from servicekit.auth import Role, TokenVerifier
from servicekit.broker import ensure_topics
from servicekit.db import make_engine, new_metadata, outbox_table
from servicekit.migrations import schema_revisions
from sqlalchemy import insert, text

from contracts.membership import Language, OrganisationKind, OrganisationRegistered


async def pactctl(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, str]:
    # A thread, not asyncio's subprocess support: its child watchers (Python 3.11) can miss an exit.
    result = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "pactctl", *args], capture_output=True, text=True, timeout=timeout,
                                     env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **(env or {})})
    return result.returncode, result.stdout, result.stderr


async def test_migrate_brings_a_service_database_to_head_and_prints_sql(postgres):
    url = await postgres.create("events")
    code, out, _ = await pactctl("migrate", "events", "--sql", env={"EVENTS_DATABASE_URL": url})
    assert code == 0 and "CREATE TABLE outbox" in out

    code, _, err = await pactctl("migrate", "events", env={"EVENTS_DATABASE_URL": url})
    assert code == 0, err
    engine = make_engine(url)
    from events.bootstrap import MIGRATIONS  # the test may look inside; pactctl does not

    current, heads = await schema_revisions(engine, MIGRATIONS)
    await engine.dispose()
    assert current == heads and heads


async def test_an_unknown_service_is_refused_with_the_choices():
    code, _, err = await pactctl("migrate", "billing")
    assert code == 2 and "membership" in err and "notifications" in err


async def test_outbox_status_counts_pending_events_and_their_age(postgres):
    url = await postgres.create("membership")
    assert (await pactctl("migrate", "membership", env={"MEMBERSHIP_DATABASE_URL": url}))[0] == 0
    engine = make_engine(url)
    outbox = outbox_table(new_metadata())
    async with engine.begin() as conn:
        for i, sent in enumerate((None, None, datetime.now(UTC))):
            await conn.execute(insert(outbox).values(
                event_id=str(uuid.uuid4()), lane=0, topic="membership.organisation", key=f"k{i}", type="t", headers="{}", payload="{}",
                created_at=datetime.now(UTC) - timedelta(minutes=10 - i), sent_at=sent))
    await engine.dispose()
    env = {"MEMBERSHIP_DATABASE_URL": url, "EVENTS_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:5432/no_such_database"}

    code, out, err = await pactctl("outbox", "status", "-s", "membership", "-s", "events", "--json", env=env)

    assert code == 0, err
    membership, events = json.loads(out)
    assert membership["pending"] == 2 and 590 < membership["oldest_age_seconds"] < 700
    assert events["pending"] is None and "cannot read the outbox" in events["error"]


async def test_dlq_list_and_redrive(kafka_bootstrap, topic_name):
    from aiokafka import AIOKafkaProducer

    topic = topic_name()
    await ensure_topics(kafka_bootstrap, [topic, f"{topic}.dlq"], partitions=1)
    event = OrganisationRegistered(organisation_id="org-1", name="Stad Leuven", kind=OrganisationKind.COORDINATING, country="BE",
                                   languages=[Language.NL], registered_at=datetime.now(UTC))
    envelope = Envelope(source="membership", type=event.event_type, subject=event.aggregate_id, correlationid="c")
    headers = [*envelope.to_headers(), ("x-dlq-consumer", b"awards.membership-copy"), ("x-dlq-error", b"ValueError: boom"), ("x-dlq-attempts", b"5")]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=False)
    await producer.start()
    await producer.send_and_wait(f"{topic}.dlq", event.model_dump_json().encode(), key=b"org-1", headers=headers)
    await producer.stop()
    env = {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}

    code, out, err = await pactctl("dlq", "list", topic, "--json", env=env)
    assert code == 0, err
    (parked,) = json.loads(out)
    assert (parked["event_id"], parked["error"], parked["redriven"]) == (envelope.id, "ValueError: boom", False)

    code, out, err = await pactctl("dlq", "redrive", topic, env=env)
    assert code == 0 and "redrove 1 message" in out, err
    assert json.loads((await pactctl("dlq", "list", topic, "--json", env=env))[1])[0]["redriven"] is True
    code, _, err = await pactctl("dlq", "redrive", topic, "--id", "no-such-id", env=env)
    assert code == 1 and "no dead letter with id no-such-id" in err


async def test_token_issue_signs_a_token_the_services_accept(jwt_keys, tmp_path):
    key = tmp_path / "private.pem"
    key.write_text(jwt_keys[0])

    code, out, err = await pactctl("token", "issue", "--role", "member", "--org", "00000000-0000-4000-8000-0000000000a1", "--private-key", str(key))

    assert code == 0, err
    principal = TokenVerifier(jwt_keys[1], issuer="pact-platform", audience="pact-platform", algorithms=["RS256"]).verify(out.strip())
    assert (principal.role, principal.organisation_id) == (Role.MEMBER, "00000000-0000-4000-8000-0000000000a1")
    code, _, err = await pactctl("token", "issue", "--role", "juror", "--private-key", str(key))
    assert code == 2 and "--juror" in err
    global_id = "T3JnYW5pc2F0aW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDBhMQ=="  # the gateway's id of the same organisation
    code, _, err = await pactctl("token", "issue", "--role", "member", "--org", global_id, "--private-key", str(key))
    words = " ".join(err.replace("│", " ").split())  # the message as the terminal box wraps it
    assert code == 2 and "not an organisation's own id (a UUID as the services return it, not a GraphQL global id)" in words


@pytest.mark.parametrize("runs", [2])
async def test_replay_twice_leaves_the_same_copy_as_once(runs, postgres, kafka_bootstrap):
    """Awards' copy of membership, rebuilt from a broker holding membership's events."""
    from aiokafka import AIOKafkaProducer

    url = await postgres.create("awards")
    organisations = [OrganisationRegistered(organisation_id=str(uuid.uuid4()), name=name, kind=OrganisationKind.PROCURING, country="BE",
                                            languages=[Language.NL], registered_at=datetime.now(UTC)) for name in ("KU Leuven", "UGent", "Stad Gent")]
    await ensure_topics(kafka_bootstrap, [e.topic for e in organisations])
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=False)
    await producer.start()
    for e in organisations:
        envelope = Envelope(source="membership", type=e.event_type, subject=e.aggregate_id, correlationid="c")
        await producer.send_and_wait(e.topic, e.model_dump_json().encode(), key=e.aggregate_id.encode(), headers=envelope.to_headers())
    await producer.stop()
    env = {"AWARDS_DATABASE_URL": url, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "KAFKA_SESSION_TIMEOUT_MS": "2000"}
    assert (await pactctl("migrate", "awards", env=env))[0] == 0

    copies = []
    for _ in range(runs):
        code, out, err = await pactctl("replay", "awards", "--from", "earliest", env=env)
        assert code == 0, err
        engine = make_engine(url)
        async with engine.connect() as conn:
            copies.append(sorted(tuple(r) for r in await conn.execute(text("SELECT id, name FROM known_organisations"))))
        await engine.dispose()

    assert copies[0] == copies[1]
    assert {name for _, name in copies[0]} >= {"KU Leuven", "UGent", "Stad Gent"}


async def test_register_verify_checks_an_export_offline(tmp_path, jwt_keys, token):
    from datetime import date

    import httpx
    from membership.bootstrap import Settings as MembershipSettings
    from membership.bootstrap import create_app as create_membership
    from servicekit.testing import RunningServer, bearer

    app = create_membership(MembershipSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}", kafka_bootstrap_servers="127.0.0.1:1",
                                               jwt_public_key=jwt_keys[1]))
    recorder, verifier = bearer(token("secretariat", subject="recorder")), bearer(token("secretariat", subject="verifier"))
    async with RunningServer(app) as server, httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        organisation = (await http.post("/organisations", headers=recorder, json={
            "name": "Stad Gent", "kind": "coordinating", "country": "BE", "languages": ["nl"]})).json()
        document = (await http.post("/documents", headers=recorder, files={"file": ("pact.pdf", b"%PDF the pact", "application/pdf")},
                                    data={"kind": "pact", "version": "2021-06", "language": "en", "title": "Pact", "published_on": "2021-06-01"})).json()
        signature = (await http.post("/signatures", headers=recorder, json={
            "organisation_id": organisation["id"], "document_id": document["id"], "signatory_name": "Schepen", "signatory_function": "Alderman",
            "signed_on": date(2021, 6, 14).isoformat(), "signed_place": "Gent"})).json()
        await http.post(f"/signatures/{signature['id']}/verify", headers=verifier)
        export = (await http.get("/register/export")).text
    exported, public_key = tmp_path / "register.json", tmp_path / "register-public.pem"
    exported.write_text(export)
    public_key.write_text(json.loads(export)["head"]["public_key"])

    code, out, err = await pactctl("register", "verify", str(exported), "--public-key", str(public_key))
    assert code == 0, out + err

    tampered = json.loads(export)
    entry = next(e for e in tampered["entries"] if e["body"])  # the verified signature: public, so its body is there
    entry["body"] = entry["body"].replace("verified", "rejected")
    exported.write_text(json.dumps(tampered))
    code, out, err = await pactctl("register", "verify", str(exported), "--public-key", str(public_key))
    assert code == 1 and f"entry {entry['seq']}" in out + err, out + err
