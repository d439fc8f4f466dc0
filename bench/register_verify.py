"""Register verification benchmark: entries verified per second beside raw SHA-256, in one run.

    .venv/bin/python bench/register_verify.py [--entries 100000] [--skip-postgres]

1. raw: one hashlib.sha256 over each entry's bytes (previous hash || body), the least a chain costs;
2. verify in memory: membership's ChainVerifier over the same rows: it hashes the body to its digest,
   chains the digest onto the previous hash (two SHA-256s), and checks order and links;
3. verify stored: GET /register/verify's code path, reading the register back from SQLite and
   PostgreSQL in keyset chunks; it also recomputes the RFC 6962 Merkle root (one more SHA-256 per
   entry, plus one per inner node). Target: verification at least 0.3x raw.
4. proofs: GET /register/entries/{seq}/proof's code path (audit path from O(log n) stored nodes), per second,
   beside the O(n) alternative of handing out the chain segment from the entry to the head.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime

from membership.adapters.orm import metadata
from membership.adapters.register import register_entries, register_head, register_nodes
from membership.domain.merkle import Frontier, root_of
from membership.domain.register import GENESIS, canonical_body, next_entry, verify_chain
from membership.service_layer import register
from servicekit.db import make_engine
from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, PostgresDatabases
from sqlalchemy import insert


def build_register(n: int) -> list[tuple[int, str, str, str, str]]:
    """A register of n realistic signature entries: (seq, body, digest, prev_hash, hash)."""
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        data = {"signature_id": f"{seq:08d}-5f0c-4c1e-9a51-000000000000", "organisation_id": "fido", "document_kind": "pact",
                "signatory_name": "Zakia Khattabi", "signatory_function": "Federal Minister for Sustainable Development",
                "signed_on": "2021-06-14", "status": "verified"}
        body = canonical_body(seq=seq, event_id=f"{seq:08d}-0000-4000-8000-000000000000", event_type="membership.signature.verified.v1",
                              subject=data["signature_id"], time="2021-06-14T10:00:00+00:00", data=data)
        entry = next_entry(seq, prev, body)
        rows.append((seq, body, entry.digest, prev, entry.hash))
        prev = entry.hash
    return rows


def rate(n: int, seconds: float) -> float:
    return n / seconds


def raw_sha256(rows) -> float:
    payloads = [bytes.fromhex(prev) + body.encode() for _, body, _, prev, _ in rows]  # built before the clock
    start = time.perf_counter()
    for payload in payloads:
        hashlib.sha256(payload).hexdigest()
    return rate(len(rows), time.perf_counter() - start)


def verify_in_memory(rows) -> float:
    start = time.perf_counter()
    result = verify_chain(rows)
    elapsed = time.perf_counter() - start
    assert result.ok and result.size == len(rows)
    return rate(len(rows), elapsed)


async def verify_stored(url: str, rows) -> float:
    now = datetime.now(UTC)
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        for start in range(0, len(rows), 5000):
            await conn.execute(insert(register_entries), [
                {"seq": s, "event_id": f"e{s}", "event_type": "membership.signature.verified.v1", "subject": f"s{s}", "body": b,
                 "digest": d, "prev_hash": p, "hash": h, "recorded_at": now} for s, b, d, p, h in rows[start:start + 5000]])
        frontier, nodes = Frontier(), []
        for row in rows:
            nodes += [{"level": lv, "idx": ix, "hash": h} for lv, ix, h in frontier.append(row[2])]
        for start in range(0, len(nodes), 5000):
            await conn.execute(insert(register_nodes), nodes[start:start + 5000])
        await conn.execute(insert(register_head).values(id=1, size=len(rows), hash=rows[-1][4], root=frontier.root(),
                                                        frontier=json.dumps(frontier.nodes)))
    async with engine.connect() as conn:
        start = time.perf_counter()
        result = await register.verify(conn)
        elapsed = time.perf_counter() - start
        assert result.ok and result.size == len(rows), result
        proofs = await prove(conn, len(rows), frontier.root())
    await engine.dispose()
    return rate(len(rows), elapsed), proofs


async def prove(conn, n: int, root: str, count: int = 200) -> tuple[float, float]:
    """Proofs per second: Merkle audit paths, and (for comparison) chain segments from the entry to the head."""
    seqs = [random.randint(1, n) for _ in range(count)]
    start = time.perf_counter()
    for seq in seqs:
        proof = await register.inclusion_proof(conn, seq, everything=True)
        assert root_of(proof.leaf_hash, seq - 1, n, proof.audit_path) == root
    merkle = rate(count, time.perf_counter() - start)
    start = time.perf_counter()
    for seq in seqs[:10]:  # the O(n) way is slow: a handful is enough for its rate
        segment = await register.read_entries(conn, after=seq - 1, limit=n, everything=True)
        assert segment[-1]["seq"] == n
    segment_rate = rate(10, time.perf_counter() - start)
    return merkle, segment_rate


async def main(args) -> None:
    rows = build_register(args.entries)
    raw = raw_sha256(rows)
    lines = [f"raw sha256           {raw:10.0f} entries/s"]
    memory = verify_in_memory(rows)
    lines.append(f"verify in memory     {memory:10.0f} entries/s  ({memory / raw:.2f} x raw)")
    postgres = None if args.skip_postgres else PostgresDatabases(os.environ.get("TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = {"sqlite": f"sqlite+aiosqlite:///{tmp}/register.db"}
            if postgres:
                urls["postgresql"] = await postgres.create("bench_register")
            for kind, url in urls.items():
                stored, (merkle, segment) = await verify_stored(url, rows)
                lines.append(f"verify stored {kind:<7}{stored:10.0f} entries/s  ({stored / raw:.2f} x raw)")
                lines.append(f"proofs {kind:<14}{merkle:10.0f} audit paths/s vs {segment:.1f} chain segments/s ({merkle / segment:.0f}x)")
    finally:
        if postgres:
            await postgres.drop_all()
    print(f"{args.entries} entries")
    print("\n".join(lines))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--skip-postgres", action="store_true")
    asyncio.run(main(parser.parse_args()))
