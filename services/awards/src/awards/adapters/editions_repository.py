"""Editions with their categories and criteria, and the sealed result of each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import categories, criteria, editions
from awards.domain.editions import Category, CeremonyRef, Criterion, Edition, Timeline


@dataclass(frozen=True)
class Sealed:
    """What voting closing fixed: the result and the export it was computed from, and the secret nonce."""

    result: dict
    export: dict
    nonce: str
    commitment: str
    closed_at: datetime
    published_at: datetime | None
    published_by: str | None


class EditionRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, edition: Edition) -> None:
        await self._session.execute(editions.insert().values(**self._row(edition), created_at=edition.created_at))
        for position, category in enumerate(edition.categories):
            await self._session.execute(
                categories.insert().values(
                    id=category.id,
                    edition_id=edition.id,
                    position=position,
                    name=category.name,
                    description=category.description,
                    eligible_kinds=list(category.eligible_kinds),
                    self_nomination_allowed=category.self_nomination_allowed,
                    scale_min=category.scale_min,
                    scale_max=category.scale_max,
                )
            )
            await self._session.execute(
                criteria.insert(),
                [
                    {"id": c.id, "category_id": category.id, "position": i, "name": c.name, "weight": c.weight}
                    for i, c in enumerate(category.criteria)
                ],
            )

    @staticmethod
    def _row(edition: Edition) -> dict:
        t = edition.timeline
        return dict(
            id=edition.id,
            name=edition.name,
            organiser=edition.organiser,
            quorum=edition.quorum,
            nominations_open_at=t.nominations_open_at,
            nominations_close_at=t.nominations_close_at,
            voting_opens_at=t.voting_opens_at,
            voting_closes_at=t.voting_closes_at,
            ceremony_event_id=edition.ceremony.event_id if edition.ceremony else None,
            ceremony_session_id=edition.ceremony.session_id if edition.ceremony else None,
        )

    async def save_schedule(self, edition: Edition) -> None:
        row = self._row(edition)
        await self._session.execute(update(editions).where(editions.c.id == edition.id).values(**row))

    async def get(self, edition_id: str, *, lock: str | None = None) -> Edition | None:
        """``lock``: "share" (a ballot: voting must not close under it) or "update" (closing, publishing); PostgreSQL only."""
        query = select(editions).where(editions.c.id == edition_id)
        if lock:
            query = query.with_for_update(read=lock == "share")
        row = (await self._session.execute(query)).first()
        return await self._edition(row) if row else None

    async def get_by_name(self, name: str) -> Edition | None:
        row = (await self._session.execute(select(editions).where(editions.c.name == name))).first()
        return await self._edition(row) if row else None

    async def list(self) -> list[Edition]:
        rows = (await self._session.execute(select(editions).order_by(editions.c.nominations_open_at.desc(), editions.c.id))).all()
        return [await self._edition(row) for row in rows]

    async def _edition(self, row) -> Edition:
        cats = (
            await self._session.execute(select(categories).where(categories.c.edition_id == row.id).order_by(categories.c.position))
        ).all()
        crits = (
            await self._session.execute(
                select(criteria).where(criteria.c.category_id.in_([c.id for c in cats])).order_by(criteria.c.position)
            )
        ).all()
        loaded = [
            Category(
                c.id,
                c.name,
                c.description,
                tuple(c.eligible_kinds),
                c.self_nomination_allowed,
                c.scale_min,
                c.scale_max,
                tuple(Criterion(k.id, k.name, k.weight) for k in crits if k.category_id == c.id),
            )
            for c in cats
        ]
        ceremony = CeremonyRef(row.ceremony_event_id, row.ceremony_session_id) if row.ceremony_session_id else None
        timeline = Timeline(row.nominations_open_at, row.nominations_close_at, row.voting_opens_at, row.voting_closes_at)
        return Edition(
            row.id,
            row.name,
            row.organiser,
            timeline,
            ceremony,
            row.quorum,
            loaded,
            row.created_at,
            row.voting_closed_at,
            row.commitment,
            row.results_published_at,
        )

    async def seal(self, edition_id: str, *, result: dict, export: dict, nonce: str, commitment: str, closed_at: datetime) -> None:
        await self._session.execute(
            update(editions)
            .where(editions.c.id == edition_id)
            .values(
                sealed_result=json.dumps(result),
                sealed_export=json.dumps(export),
                result_nonce=nonce,
                commitment=commitment,
                voting_closed_at=closed_at,
            )
        )

    async def mark_published(self, edition_id: str, *, at: datetime, by: str) -> bool:
        """False when someone else published first (another instance's scheduler, a secretariat user)."""
        done = await self._session.execute(
            update(editions)
            .where(
                editions.c.id == edition_id,
                editions.c.results_published_at.is_(None),
                editions.c.voting_closed_at.is_not(None),
            )
            .values(results_published_at=at, results_published_by=by)
        )
        return done.rowcount == 1

    async def sealed(self, edition_id: str) -> Sealed | None:
        row = (await self._session.execute(select(editions).where(editions.c.id == edition_id))).first()
        if row is None or row.sealed_result is None:
            return None
        return Sealed(
            json.loads(row.sealed_result),
            json.loads(row.sealed_export),
            row.result_nonce,
            row.commitment,
            row.voting_closed_at,
            row.results_published_at,
            row.results_published_by,
        )

    async def due_for_closing(self, now: datetime) -> list[str]:
        query = select(editions.c.id).where(editions.c.voting_closed_at.is_(None), editions.c.voting_closes_at <= now)
        return list((await self._session.execute(query)).scalars())

    async def awaiting_publication(self) -> list[tuple[str, str | None]]:
        """(edition id, ceremony session id) of sealed, unpublished editions."""
        query = select(editions.c.id, editions.c.ceremony_session_id).where(
            editions.c.voting_closed_at.is_not(None), editions.c.results_published_at.is_(None)
        )
        return [tuple(r) for r in (await self._session.execute(query)).all()]
