"""Messages due later: reminders and join links released at a set time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from events.adapters.orm import scheduled_messages


@dataclass(frozen=True)
class ScheduledMessage:
    id: str
    registration_id: str
    kind: str
    due_at: datetime


def message_id(registration_id: str, kind: str) -> str:
    """Stable per registration and kind: the reminder id consumers deduplicate on."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pact-events:{registration_id}:{kind}"))


class ScheduleRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def schedule(self, registration_id: str, due: dict[str, datetime]) -> None:
        await self.schedule_many({registration_id: due})

    async def schedule_many(self, due_by_registration: dict[str, dict[str, datetime]]) -> None:
        rows = [{"id": message_id(registration_id, kind), "registration_id": registration_id, "kind": kind, "due_at": at, "state": "pending"}
                for registration_id, due in due_by_registration.items() for kind, at in due.items()]
        if rows:
            await self._session.execute(insert(scheduled_messages), rows)

    async def skip_pending(self, registration_ids: list[str], now: datetime) -> None:
        c = scheduled_messages.c
        for start in range(0, len(registration_ids), 500):
            chunk = registration_ids[start : start + 500]
            await self._session.execute(
                update(scheduled_messages).where(c.registration_id.in_(chunk), c.state == "pending").values(state="skipped", done_at=now)
            )

    async def claim_due(self, now: datetime, limit: int) -> list[ScheduledMessage]:
        """Due pending messages, locked (PostgreSQL: rows another scheduler holds are skipped, not waited for)."""
        c = scheduled_messages.c
        query = (select(scheduled_messages).where(c.state == "pending", c.due_at <= now).order_by(c.due_at, c.id).limit(limit)
                 .with_for_update(skip_locked=True))
        return [ScheduledMessage(r.id, r.registration_id, r.kind, r.due_at) for r in await self._session.execute(query)]

    async def mark(self, message_id_: str, state: str, now: datetime) -> None:
        c = scheduled_messages.c
        # Only a pending row moves: a second scheduler that read the same row (SQLite) changes nothing.
        result = await self._session.execute(update(scheduled_messages).where(c.id == message_id_, c.state == "pending").values(state=state, done_at=now))
        return result.rowcount == 1
