"""Per recipient and category: may we write? No row means yes (the default of each category)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import preferences
from notifications.adapters.repository import insert_ignoring_conflicts


class PreferenceRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def subscribed(self, recipient: str, category: str) -> bool:
        c = preferences.c
        value = await self._session.scalar(select(c.subscribed).where(c.recipient == recipient.lower(), c.category == category))
        return True if value is None else bool(value)

    async def all_for(self, recipient: str) -> dict[str, bool]:
        c = preferences.c
        rows = (await self._session.execute(select(c.category, c.subscribed).where(c.recipient == recipient.lower()))).all()
        return {r.category: bool(r.subscribed) for r in rows}

    async def set(self, recipient: str, category: str, subscribed: bool, now: datetime) -> None:
        c = preferences.c
        values = {"recipient": recipient.lower(), "category": category, "subscribed": subscribed, "updated_at": now}
        result = await self._session.execute(insert_ignoring_conflicts(self._session, preferences).values(**values))
        if result.rowcount == 0:
            await self._session.execute(update(preferences).where(c.recipient == values["recipient"], c.category == category)
                                        .values(subscribed=subscribed, updated_at=now))
