"""Appending to, reading and verifying the register, inside the service's transactions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contracts import Envelope, IntegrationEvent
from membership.adapters.register import register_entries, register_head
from membership.domain.register import GENESIS, ChainVerifier, Verification, canonical_body, is_public, is_registered, next_entry

VERIFY_CHUNK = 5000


async def append_events(session: AsyncSession, events: list[tuple[IntegrationEvent, Envelope]]) -> None:
    """Append the register-worthy events of a unit of work, in the same transaction as their outbox rows."""
    wanted = [(event, env) for event, env in events if is_registered(env.type)]
    if not wanted:
        return
    size, prev_hash = await _lock_head(session)
    now = datetime.now(UTC)
    rows = []
    for event, env in wanted:
        size += 1
        body = canonical_body(seq=size, event_id=env.id, event_type=env.type, subject=env.subject, time=env.time.isoformat(),
                              data=json.loads(event.model_dump_json()))
        entry = next_entry(size, prev_hash, body)
        rows.append({"seq": size, "event_id": env.id, "event_type": env.type, "subject": env.subject, "body": body,
                     "digest": entry.digest, "prev_hash": prev_hash, "hash": entry.hash, "recorded_at": now})
        prev_hash = entry.hash
    await session.execute(insert(register_entries), rows)
    await session.execute(update(register_head).where(register_head.c.id == 1).values(size=size, hash=prev_hash))


async def _lock_head(session: AsyncSession) -> tuple[int, str]:
    """Lock the one head row, creating it first if needed.

    Its lock serialises appends on PostgreSQL (SQLite writers are serial already), so two
    transactions never chain onto the same previous entry. A concurrent creator waits on
    the conflicting insert and then reads the committed head.
    """
    dialect_insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(dialect_insert(register_head).values(id=1, size=0, hash=GENESIS).on_conflict_do_nothing())
    head = (await session.execute(select(register_head.c.size, register_head.c.hash).where(register_head.c.id == 1).with_for_update())).one()
    return head.size, head.hash


async def verify(conn: AsyncConnection) -> Verification:
    """Recompute the stored chain in keyset chunks (constant memory) and compare it with the head."""
    t = register_entries.c
    verifier, last = ChainVerifier(), 0
    while True:
        query = select(t.seq, t.body, t.digest, t.prev_hash, t.hash).where(t.seq > last).order_by(t.seq).limit(VERIFY_CHUNK)
        chunk = (await conn.execute(query)).all()
        if not chunk or not verifier.feed(chunk):
            break
        last = chunk[-1][0]
    result = verifier.result()
    size, head_hash = await read_head(conn)
    if result.ok and (size, head_hash) != (result.size, result.head_hash):
        return Verification(result.size, result.head_hash, None, f"the head says {size} entries ending {head_hash[:12]}..., the entries disagree")
    return result


async def read_entries(conn: AsyncConnection, *, after: int, limit: int, everything: bool) -> list[dict]:
    """Entries in order; unless ``everything``, bodies that are not public are withheld (digest only)."""
    t = register_entries.c
    rows = (await conn.execute(select(t.seq, t.event_type, t.subject, t.body, t.digest, t.prev_hash, t.hash, t.recorded_at)
                               .where(t.seq > after).order_by(t.seq).limit(limit))).all()
    entries = [dict(r._mapping) for r in rows]
    for entry in entries:
        if not everything and not is_public(entry["event_type"]):
            entry.update(body=None, event_type=None, subject=None)
    return entries


async def read_head(conn: AsyncConnection) -> tuple[int, str]:
    head = (await conn.execute(select(register_head.c.size, register_head.c.hash))).first()
    return (head.size, head.hash) if head else (0, GENESIS)
