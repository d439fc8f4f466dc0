"""The awards demo loader against the real awards service: a complete, published edition, and nothing new on a second run."""

import asyncio
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from contracts import Envelope
from contracts.events import EventKind, EventPublished, EventSnapshot, ProgrammeSession, SessionKind
from contracts.membership import DocumentKind, Language, OrganisationKind, OrganisationRegistered, SignatureStatus, SignatureVerified
from servicekit.testing import RunningServer, service_env

ROOT = Path(__file__).resolve().parents[1]
CEREMONY = datetime(2021, 12, 2, 15, tzinfo=UTC)  # a 16:00 session in Brussels


def _demo():
    sys.path.insert(0, str(ROOT / "tools"))  # as devstack imports it, beside the demo_ledger it uses
    import demo_awards

    return demo_awards


def _envelope(event, at):
    return Envelope(source="test", type=event.event_type, subject=event.aggregate_id, correlationid="demo", time=at)


async def _world(runtime, demo) -> tuple[dict[str, str], tuple[str, str]]:
    """What membership's and the events service's events would have told awards."""
    from awards.service_layer import handlers

    at = datetime(2021, 1, 1, tzinfo=UTC)
    organisations = {name: str(uuid.uuid4()) for name in demo.ORGANISATIONS_NEEDED}
    event_id, session_id = str(uuid.uuid4()), str(uuid.uuid4())
    async with runtime.uow() as uow:
        for name, kind in demo.ORGANISATIONS_NEEDED.items():
            event = OrganisationRegistered(
                organisation_id=organisations[name],
                name=name,
                kind=OrganisationKind(kind),
                country="BE",
                languages=[Language.NL],
                registered_at=at,
            )
            await handlers.on_organisation_registered(event, _envelope(event, at), uow)
            if name in demo.MEMBERS:
                signature = SignatureVerified(
                    signature_id=str(uuid.uuid4()),
                    organisation_id=organisations[name],
                    document_id="pact",
                    document_kind=DocumentKind.PACT,
                    status=SignatureStatus.VERIFIED,
                    verified_by="v",
                    verified_at=at,
                )
                await handlers.on_signature_changed(signature, _envelope(signature, at), uow)
        snapshot = EventSnapshot(
            event_id=event_id,
            kind=EventKind.ONLINE_CONFERENCE,
            title={Language.NL: "Fair ICT Flanders conferentie 2021"},
            starts_at=CEREMONY - timedelta(hours=3),
            ends_at=CEREMONY + timedelta(hours=1),
            online=True,
            languages=[Language.NL],
        )
        session = ProgrammeSession(
            session_id=session_id,
            starts_at=CEREMONY,
            duration_minutes=30,
            title="Uitreiking Fair ICT Awards 2021",
            kind=SessionKind.AWARD_CEREMONY,
        )
        published = EventPublished(event_id=event_id, event=snapshot, waitlist=False, sessions=[session], published_at=at)
        await handlers.on_event_published(published, _envelope(published, at), uow)
        await uow.commit()
    return organisations, (event_id, session_id)


@pytest.fixture
async def awards(tmp_path, monkeypatch, jwt_keys):
    from awards.bootstrap import create_app

    service_env(
        monkeypatch,
        "awards",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'awards.db'}",
        kafka="127.0.0.1:1",
        public_key=jwt_keys[1],
        run_consumers="false",
        scheduler_poll_seconds="0.1",
    )
    app = create_app()
    async with RunningServer(app) as server:
        server.runtime = app.state.runtime
        yield server


async def test_the_demo_edition_is_complete_and_a_second_run_changes_nothing(awards, token):
    demo = _demo()
    organisations, ceremony = await _world(awards.runtime, demo)
    arguments = dict(
        secretariat_token=token("secretariat"),
        member_token=lambda org: token("member", org=org),
        juror_token=lambda juror: token("juror", juror=juror),
        organisations=organisations,
        ceremony=ceremony,
        wait_seconds=10,
    )
    summary = await asyncio.to_thread(demo.load, awards.url, **arguments)
    assert summary["published"] is True

    async with httpx.AsyncClient(base_url=awards.url) as client:
        edition = (await client.get(f"/editions/{summary['edition_id']}")).json()
        results = (await client.get(f"/editions/{summary['edition_id']}/results")).json()
        assert edition["phase"] == "published" and edition["ceremony"]["starts_at"] == "2021-12-02T15:00:00Z"
        assert results["published_at"] == edition["results_published_at"]
        winners = {
            c["name"]: results["nominee_names"].get(c["ranking"][0]["nominee_id"]) for c in results["result"]["categories"] if c["winner"]
        }
        assert set(winners) == {"Good practice", "Frontrunner"}
        assert len(results["result"]["receipts"]) == sum(v is not None for row in demo.SCORES for v in row)
        second = await asyncio.to_thread(demo.load, awards.url, **arguments)
        assert second == summary and set(summary["juror_ids"]) == {j[0] for j in demo.JURORS}
        assert len((await client.get("/editions")).json()["items"]) == 1
        assert len((await client.get(f"/editions/{summary['edition_id']}/nominations")).json()["items"]) == len(demo.NOMINATIONS)
