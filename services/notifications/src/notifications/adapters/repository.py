"""Deliveries: the log and the durable retry queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import deliveries
from notifications.domain.model import Category, Channel, Delivery, DeliveryStatus


def insert_ignoring_conflicts(session: AsyncSession, table):
    """INSERT ... ON CONFLICT DO NOTHING on both databases: a conflict must not abort the inbox transaction."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def _row(d: Delivery) -> dict:
    values = {k: getattr(d, k) for k in deliveries.c.keys()}
    values.update(channel=d.channel.value, category=d.category.value, status=d.status.value, payload=json.dumps(d.payload))
    return values


def delivery_from_row(row) -> Delivery:
    m = dict(row._mapping)
    m.update(channel=Channel(m["channel"]), category=Category(m["category"]), status=DeliveryStatus(m["status"]), payload=json.loads(m["payload"]))
    return Delivery(**m)


@dataclass(frozen=True)
class DeliveryFilter:
    status: str | None = None
    channel: str | None = None
    recipient: str | None = None
    kind: str | None = None
    subscription_id: str | None = None
    subscription_ids: tuple[str, ...] | None = None  # a member sees only its own subscriptions' deliveries

    def clauses(self) -> list:
        c = deliveries.c
        found = [col == value for col, value in ((c.status, self.status), (c.channel, self.channel), (c.kind, self.kind),
                                                  (c.subscription_id, self.subscription_id)) if value]
        if self.recipient:
            found.append(c.recipient == self.recipient.lower())
        if self.subscription_ids is not None:
            found.append(c.subscription_id.in_(self.subscription_ids))
        return found


class DeliveryRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add_if_new(self, delivery: Delivery) -> bool:
        """False when this cause already produced a delivery to this recipient on this channel."""
        result = await self._session.execute(insert_ignoring_conflicts(self._session, deliveries).values(**_row(delivery)))
        return result.rowcount == 1

    async def get(self, delivery_id: str) -> Delivery | None:
        row = (await self._session.execute(select(deliveries).where(deliveries.c.id == delivery_id))).first()
        return delivery_from_row(row) if row else None

    async def save(self, delivery: Delivery) -> None:
        values = {k: v for k, v in _row(delivery).items() if k != "id"}
        await self._session.execute(update(deliveries).where(deliveries.c.id == delivery.id).values(**values))

    async def record_attempt(self, delivery: Delivery) -> bool:
        """Write an attempt's outcome (not the payload) if the delivery is still pending; False if it no longer was."""
        c = deliveries.c
        result = await self._session.execute(
            update(deliveries).where(c.id == delivery.id, c.status == DeliveryStatus.PENDING.value).values(
                status=delivery.status.value, attempts=delivery.attempts, last_error=delivery.last_error,
                next_attempt_at=delivery.next_attempt_at, sent_at=delivery.sent_at))
        return result.rowcount == 1

    async def claim_due(self, now: datetime, *, limit: int, lease: timedelta) -> list[Delivery]:
        """Pending deliveries that are due, pushed ``lease`` into the future so no other dispatcher takes them
        meanwhile (and so a crash mid-send only delays them). PostgreSQL skips rows another dispatcher holds."""
        c = deliveries.c
        query = (select(deliveries).where(c.status == DeliveryStatus.PENDING.value, c.next_attempt_at <= now)
                 .order_by(c.next_attempt_at, c.id).limit(limit).with_for_update(skip_locked=True))
        claimed = [delivery_from_row(row) for row in (await self._session.execute(query)).all()]
        if claimed:
            await self._session.execute(update(deliveries).where(c.id.in_([d.id for d in claimed])).values(next_attempt_at=now + lease))
        return claimed

    async def release(self, ids: list[str], now: datetime) -> None:
        """Claimed deliveries still pending become due now (the claiming process is stopping)."""
        c = deliveries.c
        await self._session.execute(update(deliveries).where(c.id.in_(ids), c.status == DeliveryStatus.PENDING.value).values(next_attempt_at=now))

    async def page(self, where: DeliveryFilter, *, after: tuple[datetime, str] | None, limit: int) -> tuple[list[Delivery], bool, int]:
        """Newest first, keyset-paginated on (created_at, id)."""
        c = deliveries.c
        clauses = where.clauses()
        total = await self._session.scalar(select(func.count()).select_from(deliveries).where(and_(True, *clauses)))
        if after:
            clauses.append(or_(c.created_at < after[0], and_(c.created_at == after[0], c.id < after[1])))
        query = select(deliveries).where(and_(True, *clauses)).order_by(c.created_at.desc(), c.id.desc()).limit(limit + 1)
        rows = [delivery_from_row(r) for r in (await self._session.execute(query)).all()]
        return rows[:limit], len(rows) > limit, total

    async def pending_for_subscription(self, subscription_id: str) -> list[Delivery]:
        c = deliveries.c
        query = select(deliveries).where(c.subscription_id == subscription_id, c.status == DeliveryStatus.PENDING.value)
        return [delivery_from_row(r) for r in (await self._session.execute(query)).all()]
