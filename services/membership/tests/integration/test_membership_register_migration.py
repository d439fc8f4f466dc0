"""Revision 0006 builds the Merkle tree of a register that already has entries: the same root and proofs as live appends."""

from datetime import UTC, datetime

from contracts.membership import SignatureStatus, SupportLetterVerified
from membership.adapters.orm import outbox
from membership.bootstrap import MIGRATIONS
from membership.domain.merkle import Frontier, root_of
from membership.domain.register import GENESIS, canonical_body, next_entry
from membership.service_layer import register
from membership.service_layer.unit_of_work import MembershipUnitOfWork
from servicekit.db import make_engine, make_sessionmaker
from servicekit.migrations import upgrade
from sqlalchemy import text


async def test_the_merkle_migration_backfills_existing_entries(database_url):
    engine = make_engine(database_url)
    await upgrade(engine, MIGRATIONS, "0005")
    prev, frontier = GENESIS, Frontier()
    async with engine.begin() as conn:
        for seq in range(1, 14):
            body = canonical_body(seq=seq, event_id=f"e{seq}", event_type="membership.signature.verified.v1", subject=f"s{seq}",
                                  time="2021-06-14T10:00:00+00:00", data={"n": seq})
            entry = next_entry(seq, prev, body)
            await conn.execute(text("INSERT INTO register_entries (seq, event_id, event_type, subject, body, digest, prev_hash, hash, recorded_at) "
                                    "VALUES (:seq, :e, 'membership.signature.verified.v1', :s, :body, :digest, :prev, :hash, :at)"),
                               {"seq": seq, "e": f"e{seq}", "s": f"s{seq}", "body": body, "digest": entry.digest, "prev": prev,
                                "hash": entry.hash, "at": datetime.now(UTC)})
            frontier.append(entry.digest)
            prev = entry.hash
        await conn.execute(text("UPDATE register_head SET size = 13, hash = :h"), {"h": prev})
    await upgrade(engine, MIGRATIONS)

    async with engine.connect() as conn:
        result = await register.verify(conn)
        assert result.ok and result.root == frontier.root(), result
        for seq in (1, 7, 13):
            proof = await register.inclusion_proof(conn, seq, everything=False)
            assert root_of(proof.leaf_hash, seq - 1, 13, proof.audit_path) == frontier.root()

    # Live appends continue the backfilled tree from the head's frontier.
    async with MembershipUnitOfWork(make_sessionmaker(engine), outbox, source="membership") as uow:
        uow.emit(SupportLetterVerified(support_letter_id="l1", organisation_id="o1", document_id="d1", status=SignatureStatus.VERIFIED,
                                       verified_by="bob", verified_at=datetime.now(UTC)))
        await uow.commit()
    async with engine.connect() as conn:
        result = await register.verify(conn)
        [entry] = await register.read_entries(conn, after=13, limit=1, everything=True)
    frontier.append(entry["digest"])
    assert result.ok and result.size == 14 and result.root == frontier.root(), result
    await engine.dispose()
