"""Voting closes and results are published on time, by a scheduler that keeps nothing in memory."""

import json
from datetime import timedelta

import httpx
from servicekit.testing import eventually
from sqlalchemy import select

from awards.adapters.orm import outbox
from awards.bootstrap import create_app


async def _voted_edition(awards, ceremony):
    edition = await awards.edition(ceremony=ceremony, quorum=1)
    gent, kul = await awards.organisation("Stad Gent"), await awards.organisation("KU Leuven")
    nomination = await awards.shortlisted(edition, nominee=kul, nominator=gent)
    _, headers = await awards.juror(edition, "Ann Peeters")
    awards.clock.now = awards.VOTING
    await awards.ballot(nomination, headers, [5, 4])
    return edition, nomination


async def _published_by(runtime) -> list[tuple[str, str]]:
    async with runtime.uow() as uow:
        rows = (
            await uow.session.execute(
                select(outbox.c.type, outbox.c.payload).where(outbox.c.type.like("awards.%closed%") | outbox.c.type.like("awards.results%"))
            )
        ).all()
    return [(r.type, json.loads(r.payload).get("published_by", "")) for r in rows]


async def test_the_scheduler_closes_at_the_end_of_voting_and_publishes_at_the_ceremony(awards):
    edition, _ = await _voted_edition(awards, await awards.ceremony())
    scheduler = awards.runtime.scheduler
    assert await scheduler.run_once() == []
    awards.clock.now = awards.CLOSED
    assert await scheduler.run_once() == [("closed", edition["id"])]
    assert (await awards.client.get(f"/editions/{edition['id']}/results")).status_code == 404
    awards.clock.now = awards.CEREMONY - timedelta(seconds=1)
    assert await scheduler.run_once() == []
    awards.clock.now = awards.CEREMONY
    assert await scheduler.run_once() == [("published", edition["id"])]
    assert await scheduler.run_once() == []
    results = (await awards.client.get(f"/editions/{edition['id']}/results")).json()
    assert results["published"] is True and results["published_at"] == "2021-10-14T14:00:00Z"
    assert await _published_by(awards.runtime) == [("awards.voting.closed.v1", ""), ("awards.results.published.v1", "scheduler")]


async def test_a_cancelled_ceremony_waits_for_the_secretariat(awards):
    ceremony = await awards.ceremony()
    edition, _ = await _voted_edition(awards, ceremony)
    await awards.cancel_event(ceremony["event_id"], awards.VOTING)
    assert (await awards.client.get(f"/editions/{edition['id']}")).json()["ceremony"]["event_cancelled"] is True
    awards.clock.now = awards.CEREMONY + timedelta(hours=1)
    assert await awards.runtime.scheduler.run_once() == [("closed", edition["id"])]
    assert (await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=awards.secretariat)).status_code == 200


async def test_a_freshly_started_instance_catches_up_on_what_is_due(awards, database_url, monkeypatch):
    edition, _ = await _voted_edition(awards, await awards.ceremony())
    # This instance runs no scheduler; the one started now knows only the database.
    monkeypatch.setenv("AWARDS_RUN_SCHEDULER", "true")
    monkeypatch.setenv("AWARDS_SCHEDULER_POLL_SECONDS", "0.05")
    app = create_app()
    app.state.runtime.clock = lambda: awards.CEREMONY + timedelta(minutes=1)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://awards") as client:

            async def published():
                return (await client.get(f"/editions/{edition['id']}/results")).status_code

            await eventually(published, expect=200)
    assert [t for t, _ in await _published_by(awards.runtime)] == ["awards.voting.closed.v1", "awards.results.published.v1"]
