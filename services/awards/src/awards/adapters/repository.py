from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import known_organisations, known_signatures
from awards.domain.model import KnownOrganisation, KnownSignature


async def _save_if_newer(session: AsyncSession, table: Table, values: dict) -> None:
    """Insert or update a copied row; an older event never overwrites a newer copy (events may be redelivered late)."""
    current = (await session.execute(select(table.c.updated_at).where(table.c.id == values["id"]))).scalar()
    if current is None:
        await session.execute(table.insert().values(**values))
    elif current <= values["updated_at"]:
        await session.execute(table.update().where(table.c.id == values["id"]).values(**values))


class KnownOrganisationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def get(self, organisation_id: str) -> KnownOrganisation | None:
        row = (await self._session.execute(select(known_organisations).where(known_organisations.c.id == organisation_id))).first()
        return KnownOrganisation(**row._mapping) if row else None

    async def save(self, org: KnownOrganisation) -> None:
        await _save_if_newer(self._session, known_organisations, vars(org))

    async def archive(self, organisation_id: str, archived_at: datetime, event_time: datetime) -> None:
        """Only a copy already made is archived: an organisation awards never heard of stays unknown (and so not nominable)."""
        table = known_organisations
        await self._session.execute(
            update(table).where(table.c.id == organisation_id, table.c.updated_at <= event_time).values(archived_at=archived_at, updated_at=event_time)
        )


class KnownSignatureRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def save(self, signature: KnownSignature) -> None:
        await _save_if_newer(self._session, known_signatures, vars(signature))

    async def is_member(self, organisation_id: str) -> bool:
        query = select(func.count()).select_from(known_signatures).where(
            known_signatures.c.organisation_id == organisation_id, known_signatures.c.status == "verified"
        )
        return bool(await self._session.scalar(query))
