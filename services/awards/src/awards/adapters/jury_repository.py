from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import conflicts, jurors, nominations
from awards.domain.jury import ConflictDeclaration, Juror, JurorStatus


class JuryRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, juror: Juror) -> None:
        await self._session.execute(jurors.insert().values(**{**vars(juror), "status": juror.status.value}))

    async def save(self, juror: Juror) -> None:
        await self._session.execute(
            update(jurors)
            .where(jurors.c.id == juror.id)
            .values(
                status=juror.status.value, accepted_at=juror.accepted_at, removed_at=juror.removed_at, removed_by=juror.removed_by,
                removal_reason=juror.removal_reason, name=juror.name, email=juror.email, erased_at=juror.erased_at,
            )
        )

    async def get(self, juror_id: str) -> Juror | None:
        row = (await self._session.execute(select(jurors).where(jurors.c.id == juror_id))).first()
        return _juror(row) if row else None

    async def get_by_email(self, edition_id: str, email: str) -> Juror | None:
        query = select(jurors).where(jurors.c.edition_id == edition_id, jurors.c.email == email.strip().lower())
        row = (await self._session.execute(query)).first()
        return _juror(row) if row else None

    async def of_edition(self, edition_id: str) -> list[Juror]:
        rows = (
            await self._session.execute(select(jurors).where(jurors.c.edition_id == edition_id).order_by(jurors.c.invited_at, jurors.c.id))
        ).all()
        return [_juror(r) for r in rows]

    async def declare(self, declaration: ConflictDeclaration) -> bool:
        """False when the juror had declared this conflict already (the first declaration stands)."""
        key = (conflicts.c.juror_id == declaration.juror_id) & (conflicts.c.nomination_id == declaration.nomination_id)
        if (await self._session.execute(select(conflicts.c.juror_id).where(key))).first():
            return False
        await self._session.execute(conflicts.insert().values(**vars(declaration)))
        return True

    async def declared(self, juror_id: str, nomination_id: str) -> bool:
        key = (conflicts.c.juror_id == juror_id) & (conflicts.c.nomination_id == nomination_id)
        return (await self._session.execute(select(conflicts.c.juror_id).where(key))).first() is not None

    async def declarations(self, edition_id: str) -> list[ConflictDeclaration]:
        query = (
            select(conflicts)
            .join(nominations, nominations.c.id == conflicts.c.nomination_id)
            .where(nominations.c.edition_id == edition_id)
            .order_by(conflicts.c.declared_at)
        )
        return [ConflictDeclaration(**r._mapping) for r in (await self._session.execute(query)).all()]


def _juror(row) -> Juror:
    data = dict(row._mapping)
    data["status"] = JurorStatus(data["status"])
    return Juror(**data)
