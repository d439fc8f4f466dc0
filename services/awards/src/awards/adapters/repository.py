from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import known_organisations, known_signatures
from awards.domain.model import KnownOrganisation, KnownSignature


class KnownOrganisationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def get(self, organisation_id: str) -> KnownOrganisation | None:
        row = (await self._session.execute(select(known_organisations).where(known_organisations.c.id == organisation_id))).first()
        return KnownOrganisation(**row._mapping) if row else None

    async def save(self, org: KnownOrganisation) -> None:
        table = known_organisations
        existing = await self.get(org.id)
        if existing is None:
            await self._session.execute(table.insert().values(**vars(org)))
        elif existing.updated_at <= org.updated_at:  # an older event never overwrites a newer copy
            await self._session.execute(table.update().where(table.c.id == org.id).values(**vars(org)))

    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(known_organisations)) or 0


class KnownSignatureRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def save(self, signature: KnownSignature) -> None:
        table = known_signatures
        current = (await self._session.execute(select(table.c.updated_at).where(table.c.id == signature.id))).scalar()
        if current is None:
            await self._session.execute(table.insert().values(**vars(signature)))
        elif current <= signature.updated_at:  # an older event never overwrites a newer state
            await self._session.execute(table.update().where(table.c.id == signature.id).values(**vars(signature)))

    async def is_member(self, organisation_id: str) -> bool:
        query = select(func.count()).select_from(known_signatures).where(
            known_signatures.c.organisation_id == organisation_id, known_signatures.c.status == "verified"
        )
        return bool(await self._session.scalar(query))
