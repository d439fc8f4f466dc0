"""Per recipient and category: may we write? No row means yes (the default of each category)."""

from __future__ import annotations

from datetime import datetime

from contracts.privacy import person_hash
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import preferences
from notifications.adapters.repository import insert_ignoring_conflicts


SUPPRESSION_PREFIX = "erased:"


def suppression_key(address: str) -> str:
    """Where an erased person's opt-outs are kept: under their address's hash, never the address."""
    return SUPPRESSION_PREFIX + person_hash(address, kind="email")


class PreferenceRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def subscribed(self, recipient: str, category: str) -> bool:
        """The newest choice for the address, or for its hash if the person was erased (an opt-out outlives the erasure)."""
        c = preferences.c
        keys = (recipient.lower(), suppression_key(recipient))
        value = await self._session.scalar(select(c.subscribed).where(c.recipient.in_(keys), c.category == category)
                                           .order_by(c.updated_at.desc()).limit(1))
        return True if value is None else bool(value)

    async def all_for(self, recipient: str) -> dict[str, bool]:
        c = preferences.c
        rows = (await self._session.execute(select(c.category, c.subscribed).where(c.recipient == recipient.lower()))).all()
        return {r.category: bool(r.subscribed) for r in rows}

    async def kept_for(self, key: str) -> list[dict]:
        """The opt-outs kept under a suppression key."""
        return [dict(r) for r in (await self._session.execute(select(preferences).where(preferences.c.recipient == key))).mappings()]

    async def set(self, recipient: str, category: str, subscribed: bool, now: datetime) -> None:
        c = preferences.c
        values = {"recipient": recipient.lower(), "category": category, "subscribed": subscribed, "updated_at": now}
        result = await self._session.execute(insert_ignoring_conflicts(self._session, preferences).values(**values))
        if result.rowcount == 0:
            await self._session.execute(update(preferences).where(c.recipient == values["recipient"], c.category == category)
                                        .values(subscribed=subscribed, updated_at=now))
