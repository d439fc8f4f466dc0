"""The register as stored: appended in the unit of work's transaction, verified from the database."""

import asyncio
from typing import ClassVar

from membership.adapters.orm import metadata, outbox
from membership.service_layer import register
from membership.service_layer.unit_of_work import MembershipUnitOfWork
from servicekit.db import make_engine, make_sessionmaker
from sqlalchemy import text

from contracts import IntegrationEvent


class SignatureNoted(IntegrationEvent):
    """A stand-in signature event (not in the contracts registry): the register keys on the type prefix."""

    event_type: ClassVar[str] = "membership.signature.noted.v1"
    topic: ClassVar[str] = "membership.signature"
    aggregate_field: ClassVar[str] = "signature_id"
    signature_id: str
    note: str


async def _store(url):
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return engine, lambda: MembershipUnitOfWork(make_sessionmaker(engine), outbox, source="membership")


async def _append(new_uow, *notes: str) -> None:
    async with new_uow() as uow:
        for note in notes:
            uow.emit(SignatureNoted(signature_id=f"sig-{note}", note=note))
        await uow.commit()


async def test_tampering_with_a_stored_entry_is_found_exactly(database_url):
    engine, new_uow = await _store(database_url)
    for n in range(0, 30, 3):
        await _append(new_uow, str(n), str(n + 1), str(n + 2))
    async with engine.connect() as conn:
        result = await register.verify(conn)
    assert result.ok and result.size == 30

    async with engine.begin() as conn:
        await conn.execute(text("UPDATE register_entries SET body = replace(body, '\"note\":\"16\"', '\"note\":\"61\"') WHERE seq = 17"))
    async with engine.connect() as conn:
        result = await register.verify(conn)
    assert (result.ok, result.first_bad_seq) == (False, 17)
    await engine.dispose()


async def test_concurrent_appends_keep_one_chain(database_url):
    engine, new_uow = await _store(database_url)
    await asyncio.gather(*(_append(new_uow, f"{n}a", f"{n}b") for n in range(10)))
    async with engine.connect() as conn:
        result = await register.verify(conn)
        size, head_hash = await register.read_head(conn)
    assert result.ok and result.size == size == 20 and result.head_hash == head_hash
    await engine.dispose()


async def test_only_signature_events_enter_the_register_and_roll_back_with_their_transaction(database_url):
    engine, new_uow = await _store(database_url)
    async with new_uow() as uow:
        uow.emit(SignatureNoted(signature_id="sig-x", note="x"))
        # no commit: the unit of work rolls back
    await _append(new_uow, "y")
    async with engine.connect() as conn:
        entries = await register.read_entries(conn, after=0, limit=10, everything=True)
    assert [e["subject"] for e in entries] == ["sig-y"]
    await engine.dispose()
