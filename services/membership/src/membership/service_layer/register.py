"""Appending to, reading and verifying the register, inside the service's transactions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dataclasses import dataclass

from contracts.privacy import person_hash
from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contracts import Envelope, IntegrationEvent
from membership.adapters.register import register_disclosures, register_entries, register_head, register_nodes
from membership.domain.merkle import EMPTY_ROOT, Frontier, audit_path, leaf_hash, nodes_needed
from membership.domain.privacy import subject_hash
from membership.domain.register import (
    ACTOR_FIELDS,
    GENESIS,
    SIGNATORY_FIELDS,
    ChainVerifier,
    Verification,
    canonical_body,
    commit_personal,
    disclosure_matches,
    is_public,
    is_registered,
    next_entry,
)

VERIFY_CHUNK = 5000


async def append_events(session: AsyncSession, events: list[tuple[IntegrationEvent, Envelope]]) -> None:
    """Append the register-worthy events of a unit of work, in the same transaction as their outbox rows."""
    wanted = [(event, env) for event, env in events if is_registered(env.type)]
    if not wanted:
        return
    size, prev_hash, frontier = await _lock_head(session)
    now = datetime.now(UTC)
    rows, nodes, disclosures = [], [], []
    for event, env in wanted:
        size += 1
        raw = json.loads(event.model_dump_json())
        data, opened = commit_personal(size, raw)
        # Erasure finds a disclosure by whom it names: an actor by its own subject, the other fields by the signatory
        # (only recordings carry a signatory; a later reason is found through the signature's id).
        signatory = person_hash(raw.get("signatory_name") or "", kind="name")
        disclosures += [{"seq": d.seq, "field": d.field, "value": d.value, "salt": d.salt,
                         "person_hash": subject_hash(d.value) if d.field in ACTOR_FIELDS else signatory} for d in opened]
        body = canonical_body(seq=size, event_id=env.id, event_type=env.type, subject=env.subject, time=env.time.isoformat(), data=data)
        entry = next_entry(size, prev_hash, body)
        rows.append({"seq": size, "event_id": env.id, "event_type": env.type, "subject": env.subject, "body": body,
                     "digest": entry.digest, "prev_hash": prev_hash, "hash": entry.hash, "recorded_at": now})
        prev_hash = entry.hash
        nodes += [{"level": level, "idx": index, "hash": h} for level, index, h in frontier.append(entry.digest)]
    await session.execute(insert(register_entries), rows)
    await session.execute(insert(register_nodes), nodes)
    if disclosures:
        await session.execute(insert(register_disclosures), disclosures)
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
    if result.ok and (bad := await _first_false_disclosure(conn)):
        return Verification(result.size, result.head_hash, bad, f"entry {bad} discloses a value its body did not commit to", result.root)
    head = await read_tree_head(conn)
    if result.ok and (head.size, head.hash) != (result.size, result.head_hash):
        return Verification(result.size, result.head_hash, None, f"the head says {head.size} entries ending {head.hash[:12]}..., the entries disagree",
                            result.root)
    if result.ok and head.root != result.root:
        return Verification(result.size, result.head_hash, None, "the head's Merkle root does not match the entries", result.root)
    return result


async def _first_false_disclosure(conn: AsyncConnection) -> int | None:
    """The first entry with a disclosure that does not open its body's commitment (the chain cannot see those)."""
    d, t, last = register_disclosures.c, register_entries.c, (-1, "")
    while True:
        query = (select(d.seq, d.field, d.value, d.salt, t.body).join(register_entries, t.seq == d.seq)
                 .where(or_(d.seq > last[0], and_(d.seq == last[0], d.field > last[1]))).order_by(d.seq, d.field).limit(VERIFY_CHUNK))
        chunk = (await conn.execute(query)).all()
        if not chunk:
            return None
        for seq, field, value, salt, body in chunk:
            if body is None or not disclosure_matches(body, field, value, salt):
                return seq
        last = chunk[-1][:2]


async def read_entries(conn: AsyncConnection, *, after: int, limit: int, everything: bool) -> list[dict]:
    """Entries in order with the disclosures of their personal values; unless ``everything``, bodies
    that are not public are withheld (digest only), and so are their disclosures."""
    t = register_entries.c
    rows = (await conn.execute(select(t.seq, t.event_type, t.subject, t.body, t.digest, t.prev_hash, t.hash, t.recorded_at, t.body_erased_at)
                               .where(t.seq > after).order_by(t.seq).limit(limit))).all()
    entries = [dict(r._mapping) | {"disclosures": []} for r in rows]
    if not entries:
        return entries
    d = register_disclosures.c
    opened = await conn.execute(select(d.seq, d.field, d.value, d.salt).where(d.seq > after, d.seq <= entries[-1]["seq"]).order_by(d.seq, d.field))
    by_seq = {entry["seq"]: entry for entry in entries}
    for seq, field, value, salt in opened:
        by_seq[seq]["disclosures"].append({"field": field, "value": value, "salt": salt})
    for entry in entries:
        if not everything and not is_public(entry["event_type"]):
            entry.update(body=None, event_type=None, subject=None, disclosures=[])
    return entries


@dataclass(frozen=True)
class Forgotten:
    disclosures: int  # personal values whose salt and value were deleted (commitments stay in the bodies)
    bodies: int  # entries from before commitments whose body was removed (digests stay)


async def forget(session: AsyncSession, person_hashes: list[str], signature_ids: list[str], values: set[str]) -> Forgotten:
    """Erase a person from the register without touching the chain.

    Entries with commitments lose their disclosures naming the person (as signatory or as the subject
    who acted), and the signatory fields of every entry of their signatures (``signature_ids``: a
    later reason may quote them). Entries written before commitments (revision 0007) hold the values in
    their body: those whose body contains one of ``values`` lose it, and verification then takes
    them on their digest like withheld ones. (Bodies with commitments hold no such plaintext.)
    """
    d, t = register_disclosures.c, register_entries.c
    of_their_signatures = and_(d.field.in_(SIGNATORY_FIELDS), d.seq.in_(select(t.seq).where(t.subject.in_(signature_ids))))
    theirs = or_(d.person_hash.in_(person_hashes), of_their_signatures)  # not the staff who recorded their signature
    deleted = (await session.execute(delete(register_disclosures).where(theirs))).rowcount
    values = {v for v in values if v}
    legacy = []
    if values:
        # As stored (a legacy body holds the value exactly) or lower-cased (SQLite's lower() folds ASCII only): then confirmed here.
        found = [t.body.contains(v, autoescape=True) for v in values] + [func.lower(t.body).contains(v.lower(), autoescape=True) for v in values]
        candidates = await session.execute(select(t.seq, t.body).where(t.body.is_not(None), or_(*found)))
        legacy = [seq for seq, body in candidates if any(v.casefold() in body.casefold() for v in values)]
    if legacy:
        await session.execute(update(register_entries).where(t.seq.in_(legacy)).values(body=None, body_erased_at=datetime.now(UTC)))
    bodies = len(legacy)
    return Forgotten(deleted, bodies)


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
