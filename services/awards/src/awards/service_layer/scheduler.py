"""Closing voting and publishing results on time: a loop over what the database says is due.

Durable by construction: nothing is scheduled in memory. Every pass reads which
editions' voting has ended and which sealed results have reached their ceremony
session's start, so a restarted service (or a second instance) catches up at once;
closing and publishing are conditional updates, so two instances never do either twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import structlog

from awards.domain.errors import ResultsPublished, VotingClosed
from awards.service_layer import voting
from awards.service_layer.unit_of_work import AwardsUnitOfWork

log = structlog.get_logger()


class ResultScheduler:
    def __init__(self, uow_factory: Callable[[], AwardsUnitOfWork], clock: Callable[[], datetime], poll_seconds: float):
        self._uow = uow_factory
        self._clock = clock
        self._poll = poll_seconds

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as exc:  # a bad pass must not end the loop; the next one retries
                log.exception("awards.scheduler_failed", error=type(exc).__name__)
            await asyncio.sleep(self._poll)

    async def run_once(self) -> list[tuple[str, str]]:
        """Close what is due, publish what is due; returns what it did as (action, edition id)."""
        now = self._clock()
        done = []
        async with self._uow() as uow:
            to_close = await uow.editions.due_for_closing(now)
        for edition_id in to_close:
            try:
                await voting.close_voting(edition_id, self._uow(), now)
                done.append(("closed", edition_id))
                log.info("awards.voting_closed", edition_id=edition_id, by="scheduler")
            except VotingClosed:
                pass
        for edition_id in await self._due_for_publication(now):
            try:
                await voting.publish_results(edition_id, "scheduler", self._uow(), now)
                done.append(("published", edition_id))
                log.info("awards.results_published", edition_id=edition_id, by="scheduler")
            except ResultsPublished:
                pass
        return done

    async def _due_for_publication(self, now: datetime) -> list[str]:
        due = []
        async with self._uow() as uow:
            for edition_id, session_id in await uow.editions.awaiting_publication():
                session = await uow.sessions.get(session_id) if session_id else None
                if session and not session.event_cancelled and session.starts_at <= now:
                    due.append(edition_id)
        return due
