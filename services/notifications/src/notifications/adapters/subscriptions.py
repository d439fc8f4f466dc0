"""Webhook subscriptions."""

from __future__ import annotations

import json

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import webhook_subscriptions
from notifications.domain.webhooks import Subscription


def _subscription(row) -> Subscription:
    m = dict(row._mapping)
    return Subscription(**{**m, "event_types": json.loads(m["event_types"]), "active": bool(m["active"])})


def _values(s: Subscription) -> dict:
    return {**vars(s), "event_types": json.dumps(sorted(set(s.event_types)))}


class SubscriptionRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, subscription: Subscription) -> None:
        await self._session.execute(insert(webhook_subscriptions).values(**_values(subscription)))

    async def get(self, subscription_id: str, *, for_update: bool = False) -> Subscription | None:
        query = select(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        return _subscription(row) if row else None

    async def save(self, subscription: Subscription) -> None:
        await self._session.execute(
            update(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription.id).values(**_values(subscription)))

    async def delete(self, subscription_id: str) -> None:
        await self._session.execute(delete(webhook_subscriptions).where(webhook_subscriptions.c.id == subscription_id))

    async def list(self, organisation_id: str | None = None, *, everyone: bool = False) -> list[Subscription]:
        c = webhook_subscriptions.c
        query = select(webhook_subscriptions).order_by(c.created_at, c.id)
        if not everyone:
            query = query.where(c.organisation_id == organisation_id)
        return [_subscription(r) for r in (await self._session.execute(query)).all()]

    async def active(self) -> list[Subscription]:
        c = webhook_subscriptions.c
        return [_subscription(r) for r in (await self._session.execute(select(webhook_subscriptions).where(c.active.is_(True)))).all()]
