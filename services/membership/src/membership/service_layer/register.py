"""Appending to, reading and verifying the register, inside the service's transactions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dataclasses import dataclass

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contracts import Envelope, IntegrationEvent
from membership.adapters.register import register_entries, register_head, register_nodes
from membership.domain.merkle import EMPTY_ROOT, Frontier, audit_path, leaf_hash, nodes_needed
from membership.domain.register import GENESIS, ChainVerifier, Verification, canonical_body, is_public, is_registered, next_entry

VERIFY_CHUNK = 5000


async def append_events(session: AsyncSession, events: list[tuple[IntegrationEvent, Envelope]]) -> None:
    """Append the register-worthy events of a unit of work, in the same transaction as their outbox rows."""
    wanted = [(event, env) for event, env in events if is_registered(env.type)]
    if not wanted:
        return
    size, prev_hash, frontier = await _lock_head(session)
    now = datetime.now(UTC)
    rows, nodes = [], []
    for event, env in wanted:
        size += 1
        body = canonical_body(seq=size, event_id=env.id, event_type=env.type, subject=env.subject, time=env.time.isoformat(),
                              data=json.loads(event.model_dump_json()))
        entry = next_entry(size, prev_hash, body)
        rows.append({"seq": size, "event_id": env.id, "event_type": env.type, "subject": env.subject, "body": body,
                     "digest": entry.digest, "prev_hash": prev_hash, "hash": entry.hash, "recorded_at": now})
        prev_hash = entry.hash
        nodes += [{"level": level, "idx": index, "hash": h} for level, index, h in frontier.append(entry.digest)]
    await session.execute(insert(register_entries), rows)
    await session.execute(insert(register_nodes), nodes)
    await session.execute(update(register_head).where(register_head.c.id == 1).values(
        size=size, hash=prev_hash, root=frontier.root(), frontier=json.dumps(frontier.nodes)))


async def _lock_head(session: AsyncSession) -> tuple[int, str, Frontier]:
    """Lock the one head row, creating it first if needed.

    Its lock serialises appends on PostgreSQL (SQLite writers are serial already), so two
    transactions never chain onto the same previous entry. A concurrent creator waits on
    the conflicting insert and then reads the committed head.
    """
    dialect_insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(dialect_insert(register_head).values(id=1, size=0, hash=GENESIS).on_conflict_do_nothing())
    c = register_head.c
    head = (await session.execute(select(c.size, c.hash, c.frontier).where(c.id == 1).with_for_update())).one()
    return head.size, head.hash, Frontier(json.loads(head.frontier or "[]"))


async def verify(conn: AsyncConnection) -> Verification:
    """Recompute the stored chain and Merkle root in keyset chunks (constant memory) and compare them with the head."""
    t = register_entries.c
    verifier, last = ChainVerifier(tree=True), 0
    while True:
        query = select(t.seq, t.body, t.digest, t.prev_hash, t.hash).where(t.seq > last).order_by(t.seq).limit(VERIFY_CHUNK)
        chunk = (await conn.execute(query)).all()
        if not chunk or not verifier.feed(chunk):
            break
        last = chunk[-1][0]
    result = verifier.result()
    head = await read_tree_head(conn)
    if result.ok and (head.size, head.hash) != (result.size, result.head_hash):
        return Verification(result.size, result.head_hash, None, f"the head says {head.size} entries ending {head.hash[:12]}..., the entries disagree",
                            result.root)
    if result.ok and head.root != result.root:
        return Verification(result.size, result.head_hash, None, "the head's Merkle root does not match the entries", result.root)
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
    head = await read_tree_head(conn)
    return head.size, head.hash


@dataclass(frozen=True)
class TreeHead:
    size: int
    hash: str  # the hash chain's last hash
    root: str  # the Merkle tree's root


async def read_tree_head(conn: AsyncConnection) -> TreeHead:
    head = (await conn.execute(select(register_head.c.size, register_head.c.hash, register_head.c.root))).first()
    if head is None or head.size == 0:
        return TreeHead(0, GENESIS, EMPTY_ROOT)
    return TreeHead(head.size, head.hash, head.root)


@dataclass(frozen=True)
class Proof:
    entry: dict
    leaf_hash: str
    audit_path: list[str]
    head: TreeHead


async def inclusion_proof(conn: AsyncConnection, seq: int, *, everything: bool) -> Proof | None:
    """Entry ``seq`` and its audit path up to the current head's root; None when there is no such entry."""
    head = await read_tree_head(conn)
    if not 1 <= seq <= head.size:
        return None
    [entry] = await read_entries(conn, after=seq - 1, limit=1, everything=everything)
    wanted = nodes_needed(seq - 1, head.size)
    stored = {}
    if wanted:
        n, by_level = register_nodes.c, {}
        for level, index in wanted:
            by_level.setdefault(level, []).append(index)
        # One primary-key range per level (SQLite plans a row-value IN as a scan).
        rows = await conn.execute(select(n.level, n.idx, n.hash).where(or_(*(and_(n.level == lv, n.idx.in_(ix)) for lv, ix in by_level.items()))))
        stored = {(r.level, r.idx): r.hash for r in rows}
    path = audit_path(seq - 1, head.size, lambda level, index: stored[(level, index)])
    return Proof(entry=entry, leaf_hash=leaf_hash(entry["digest"]), audit_path=path, head=head)
