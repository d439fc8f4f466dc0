"""Erasing a person from what a service has already sent: the outbox's copies of its events.

A service erases a person from its own tables itself (it knows which columns hold whom);
what every service shares is the outbox, which keeps each published event's payload. Those
copies must not outlive the erasure either.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Table, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

ERASED = "[erased]"


def _needles(values: set[str]) -> set[str]:
    """The values as they can appear in a JSON payload: raw and JSON-escaped (non-ASCII names)."""

    found = set()
    for value in values:
        if not value:
            continue
        found.add(value)
        found.add(json.dumps(value)[1:-1])
    return found


async def forget_in_outbox(conn: AsyncConnection, outbox: Table, values: set[str]) -> int:
    """Blank every occurrence of ``values`` (e-mail addresses, names) in the outbox's payloads.

    Sent rows are kept for audit with the values replaced by ``[erased]``; rows not yet sent are
    rewritten the same way, so the event goes out without the person. Returns the rows changed.
    """

    needles = _needles(values)
    if not needles:
        return 0
    rows = (await conn.execute(
        select(outbox.c.seq, outbox.c.payload).where(or_(*(outbox.c.payload.contains(n, autoescape=True) for n in needles)))
    )).all()
    for seq, payload in rows:
        for needle in sorted(needles, key=len, reverse=True):
            payload = payload.replace(needle, ERASED)
        await conn.execute(update(outbox).where(outbox.c.seq == seq).values(payload=payload))
    return len(rows)


class ErasureRecords:
    """A repository's part that keeps the service's ``erasures`` table (servicekit.db.erasures_table): whether a
    request was carried out already (redelivery, or the same request in a new envelope), and recording it."""

    _session: AsyncSession
    erasures: Table

    async def erasure_done(self, request_id: str) -> bool:
        return await self._session.scalar(select(self.erasures.c.request_id).where(self.erasures.c.request_id == request_id)) is not None

    async def record_erasure(self, *, request_id: str, email_hash: str, name_hashes: list[str], requested_at: datetime,
                             completed_at: datetime, erased: dict[str, int]) -> None:
        await self._session.execute(insert(self.erasures).values(request_id=request_id, email_hash=email_hash, name_hashes=name_hashes,
                                                                 requested_at=requested_at, completed_at=completed_at, erased=erased))
