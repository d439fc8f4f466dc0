"""Awards' copy of the events service's events and programme sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import known_events, known_sessions
from awards.domain.model import KnownSession


class KnownSessionRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def _newer(self, event_id: str, at: datetime) -> bool | None:
        """None: event unknown; True: ``at`` is at least as new as the copy; False: an older event, ignore it."""
        current = (await self._session.execute(select(known_events.c.updated_at).where(known_events.c.id == event_id))).scalar()
        return None if current is None else current <= at

    async def replace_programme(
        self, event_id: str, title: dict[str, str] | None, status: str | None, sessions: list[KnownSession], at: datetime
    ) -> None:
        """The whole programme afterwards, as ``published`` and ``programme_changed`` carry it; older events never win."""
        newer = await self._newer(event_id, at)
        if newer is False:
            return
        if newer is None:
            await self._session.execute(
                known_events.insert().values(id=event_id, title=title or {}, status=status or "published", updated_at=at)
            )
        else:
            values = {"updated_at": at} | ({"title": title} if title is not None else {}) | ({"status": status} if status else {})
            await self._session.execute(update(known_events).where(known_events.c.id == event_id).values(**values))
        await self._session.execute(delete(known_sessions).where(known_sessions.c.event_id == event_id))
        if sessions:
            rows = [{k: v for k, v in vars(s).items() if k != "event_cancelled"} for s in sessions]
            await self._session.execute(known_sessions.insert(), rows)

    async def cancel(self, event_id: str, title: dict[str, str], at: datetime) -> None:
        newer = await self._newer(event_id, at)
        if newer is None:
            await self._session.execute(known_events.insert().values(id=event_id, title=title, status="cancelled", updated_at=at))
        elif newer:
            await self._session.execute(update(known_events).where(known_events.c.id == event_id).values(status="cancelled", updated_at=at))

    async def get(self, session_id: str) -> KnownSession | None:
        query = select(known_sessions, known_events.c.status).join(known_events, known_events.c.id == known_sessions.c.event_id)
        row = (await self._session.execute(query.where(known_sessions.c.id == session_id))).first()
        if row is None:
            return None
        data = dict(row._mapping)
        cancelled = data.pop("status") == "cancelled"
        return KnownSession(**data, event_cancelled=cancelled)
