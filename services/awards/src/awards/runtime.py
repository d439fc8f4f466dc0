"""The awards runtime: the service runtime plus the scheduler that closes voting and publishes results."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from servicekit.runtime import ServiceRuntime

from awards.service_layer.scheduler import ResultScheduler


def utc_now() -> datetime:
    return datetime.now(UTC)


class AwardsRuntime(ServiceRuntime):
    def __init__(self, settings, **kwargs):
        super().__init__(settings, **kwargs)
        # Every handler asks this clock; tests replace it to move through an edition's timeline.
        self.clock = utc_now
        self.scheduler = ResultScheduler(self.uow, lambda: self.clock(), settings.scheduler_poll_seconds)

    async def start(self) -> None:
        await super().start()
        if self.settings.run_scheduler:
            self._tasks.append(asyncio.create_task(self.scheduler.run(), name="awards-scheduler"))
