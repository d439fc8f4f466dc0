"""The durable reminder scheduler: each reminder once, across restarts, crashes and a second scheduler."""

import asyncio
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from events.adapters.orm import scheduled_messages
from events.bootstrap import create_app
from events.service_layer.scheduler import Scheduler
from events.service_layer.unit_of_work import EventsUnitOfWork
from sqlalchemy import func, select


def _brussels_naive(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Europe/Brussels")).replace(tzinfo=None, microsecond=0).isoformat()


async def _event_starting_at(api, start: datetime, **overrides) -> dict:
    return await api.published_event(starts_at=_brussels_naive(start), ends_at=_brussels_naive(start + timedelta(hours=4)), **overrides)


def _reminders(rows, kind):
    return [p for t, _, p in rows if t == "events.event.reminder_due.v1" and p["reminder"] == kind]


class KilledBeforeCommit(EventsUnitOfWork):
    async def commit(self) -> None:
        raise RuntimeError("scheduler killed before its transaction committed")


async def test_a_scheduler_restarted_mid_way_emits_each_reminder_once(api):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=30)
    event = await _event_starting_at(api, start)
    registrations = [(await api.post(f"/events/{event['id']}/registrations", json=api.person(i))).json() for i in range(30)]
    cancelled = registrations[-1]
    await api.post(f"/registrations/{cancelled['id']}/cancel", params=parse_qs(urlsplit(cancelled["cancel_url"]).query))
    async with api.runtime.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(scheduled_messages)) == 60

    day_before = start - timedelta(hours=24) + timedelta(minutes=1)
    assert await api.runtime.scheduler.run_once(day_before - timedelta(minutes=2)) == 0  # nothing due yet
    first = api.runtime.scheduler
    assert await first.run_once(day_before, limit=10) == 10
    killed = Scheduler(lambda: KilledBeforeCommit(api.runtime.sessionmaker, api.runtime.outbox, source="events"), api.runtime.links)
    with pytest.raises(RuntimeError):
        await killed.run_once(day_before, limit=10)

    restarted = create_app()  # a new process on the same database
    async with restarted.router.lifespan_context(restarted):
        while await restarted.state.runtime.scheduler.run_once(day_before, limit=7):
            pass
        hour_before = start - timedelta(minutes=59)
        # Two schedulers at once (two replicas): claims never overlap into duplicates.
        await asyncio.gather(first.run_once(hour_before), restarted.state.runtime.scheduler.run_once(hour_before))
        while await restarted.state.runtime.scheduler.run_once(hour_before):
            pass

    rows = await api.outbox()
    for kind in ("24h", "1h"):
        sent = _reminders(rows, kind)
        assert len(sent) == 29 and len({p["reminder_id"] for p in sent}) == 29, kind
        assert cancelled["id"] not in {p["registration_id"] for p in sent}
    assert await first.run_once(start - timedelta(minutes=1)) == 0


async def test_a_reminder_due_after_the_start_is_skipped_and_late_registrants_get_only_future_reminders(api):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=5)
    event = await _event_starting_at(api, start)
    await api.post(f"/events/{event['id']}/registrations", json=api.person(1))
    async with api.runtime.engine.connect() as conn:
        kinds = (await conn.execute(select(scheduled_messages.c.kind))).scalars().all()
    assert kinds == ["1h"]
    assert await api.runtime.scheduler.run_once(start + timedelta(minutes=5)) == 1
    assert _reminders(await api.outbox(), "1h") == []  # the event had started: skipped, not sent late


async def test_a_join_link_released_at_a_set_time_goes_out_then_once(api):
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    release = start - timedelta(hours=2)
    event = await _event_starting_at(api, start, join_link_release_at=_brussels_naive(release))
    registration = (await api.post(f"/events/{event['id']}/registrations", json=api.person(1))).json()
    links = lambda rows: [p for t, _, p in rows if t == "events.registration.join_link_released.v1"]  # noqa: E731
    assert links(await api.outbox()) == []
    await api.runtime.scheduler.run_once(release + timedelta(seconds=1))
    await api.runtime.scheduler.run_once(release + timedelta(seconds=2))
    released = links(await api.outbox())
    assert len(released) == 1 and released[0]["registration_id"] == registration["id"]
