from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import nominations
from awards.domain.nominations import Nomination, NominationStatus

_FIELDS = ("status", "screening_reason", "screened_by", "screened_at", "shortlisted_at")


class NominationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, nomination: Nomination) -> None:
        await self._session.execute(nominations.insert().values(**{**vars(nomination), "status": nomination.status.value}))

    async def save(self, nomination: Nomination) -> None:
        values = {f: getattr(nomination, f) for f in _FIELDS} | {"status": nomination.status.value}
        await self._session.execute(update(nominations).where(nominations.c.id == nomination.id).values(**values))

    async def get(self, nomination_id: str) -> Nomination | None:
        row = (await self._session.execute(select(nominations).where(nominations.c.id == nomination_id))).first()
        return _nomination(row) if row else None

    async def get_in_category(self, category_id: str, nominee_id: str) -> Nomination | None:
        query = select(nominations).where(nominations.c.category_id == category_id, nominations.c.nominee_id == nominee_id)
        row = (await self._session.execute(query)).first()
        return _nomination(row) if row else None

    async def of_edition(
        self, edition_id: str, *, status: NominationStatus | None = None, category_id: str | None = None
    ) -> list[Nomination]:
        query = select(nominations).where(nominations.c.edition_id == edition_id)
        if status:
            query = query.where(nominations.c.status == status.value)
        if category_id:
            query = query.where(nominations.c.category_id == category_id)
        rows = (await self._session.execute(query.order_by(nominations.c.submitted_at, nominations.c.id))).all()
        return [_nomination(r) for r in rows]

    async def set_outcome(self, edition_id: str, winners: set[str]) -> None:
        shortlisted = (nominations.c.edition_id == edition_id) & (nominations.c.status == NominationStatus.SHORTLISTED.value)
        await self._session.execute(
            update(nominations).where(shortlisted & nominations.c.id.in_(winners)).values(status=NominationStatus.WINNER.value)
        )
        await self._session.execute(update(nominations).where(shortlisted).values(status=NominationStatus.NOT_WINNER.value))


def _nomination(row) -> Nomination:
    data = dict(row._mapping)
    data["status"] = NominationStatus(data["status"])
    return Nomination(**data)
