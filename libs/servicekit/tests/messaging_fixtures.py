"""A tiny service for the servicekit tests: outbox, inbox and an 'effects' table that is not idempotent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from contracts.membership import Language, OrganisationKind, OrganisationRegistered
from servicekit.db import inbox_table, make_engine, make_sessionmaker, new_metadata, outbox_table
from servicekit.inbox import RawMessage
from servicekit.unit_of_work import OutboxSignal, SqlAlchemyUnitOfWork
from sqlalchemy import Column, Integer, String, Table, func, insert, select

from contracts import Envelope

metadata = new_metadata()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("aggregate", String(100), nullable=False),
    Column("name", String(200), nullable=False),
)


class MiniService:
    def __init__(self, url: str, name: str = "testsvc"):
        self.engine = make_engine(url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.signal = OutboxSignal()
        self.name = name

    async def create_tables(self) -> "MiniService":
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        return self

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.sessionmaker, outbox, source=self.name, signal=self.signal)

    async def effects(self) -> list[tuple[str, str]]:
        async with self.engine.connect() as conn:
            return [(r.aggregate, r.name) for r in await conn.execute(select(effects).order_by(effects.c.id))]

    async def pending(self) -> int:
        async with self.engine.connect() as conn:
            return await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)))


def org_event(aggregate: str, name: str) -> OrganisationRegistered:
    return OrganisationRegistered(
        organisation_id=aggregate,
        name=name,
        kind=OrganisationKind.PROCURING,
        country="BE",
        languages=[Language.NL],
        registered_at=datetime.now(UTC),
    )


def raw_message(event: OrganisationRegistered, topic: str, event_id: str | None = None) -> RawMessage:
    env = Envelope(id=event_id or str(uuid.uuid4()), source="test", type=event.event_type, subject=event.aggregate_id, correlationid="c-1")
    return RawMessage(topic=topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in env.to_headers()})


async def record_effect(event: OrganisationRegistered, envelope: Envelope, uow) -> None:
    await uow.session.execute(insert(effects).values(aggregate=event.organisation_id, name=event.name))
