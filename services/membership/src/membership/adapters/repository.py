"""Loads and stores organisations; list queries page by (name, id) cursors."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import organisations
from membership.adapters.signature_repository import is_member
from membership.domain.model import Language, Organisation, OrganisationKind


@dataclass(frozen=True)
class OrganisationFilter:
    kind: OrganisationKind | None = None
    country: str | None = None
    text: str | None = None
    ids: list[str] | None = None
    member: bool | None = None


def _name_key(name: str) -> str:
    return name.casefold()


def _to_domain(row) -> Organisation:
    return Organisation(
        id=row.id,
        name=row.name,
        kind=OrganisationKind(row.kind),
        country=row.country,
        website=row.website,
        languages=[Language(l) for l in row.languages],
        registered_at=row.registered_at,
        version=row.version,
        member=bool(row.member),
    )


class OrganisationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    @staticmethod
    def _select() -> Select:
        return select(organisations, is_member().label("member"))

    async def add(self, org: Organisation) -> None:
        await self._session.execute(
            insert(organisations).values(
                id=org.id,
                name=org.name,
                name_key=_name_key(org.name),
                kind=org.kind.value,
                country=org.country,
                website=org.website,
                languages=[l.value for l in org.languages],
                registered_at=org.registered_at,
                version=org.version,
            )
        )

    async def get(self, organisation_id: str) -> Organisation | None:
        row = (await self._session.execute(self._select().where(organisations.c.id == organisation_id))).first()
        return _to_domain(row) if row else None

    async def get_by_name(self, name: str) -> Organisation | None:
        row = (await self._session.execute(self._select().where(organisations.c.name_key == _name_key(name)))).first()
        return _to_domain(row) if row else None

    async def list(self, where: OrganisationFilter, *, limit: int, after: tuple[str, str] | None) -> tuple[list[Organisation], int]:
        """A page ordered by name, and the total count of the filtered list."""
        query = self._filtered(self._select(), where)
        total = await self._session.scalar(self._filtered(select(func.count()).select_from(organisations), where))
        if after:
            key, last_id = after
            query = query.where(
                or_(organisations.c.name_key > key, and_(organisations.c.name_key == key, organisations.c.id > last_id))
            )
        rows = (await self._session.execute(query.order_by(organisations.c.name_key, organisations.c.id).limit(limit))).all()
        return [_to_domain(r) for r in rows], total or 0

    @staticmethod
    def _filtered(query: Select, where: OrganisationFilter) -> Select:
        c = organisations.c
        if where.kind:
            query = query.where(c.kind == where.kind.value)
        if where.country:
            query = query.where(c.country == where.country.upper())
        if where.text:
            escaped = where.text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(c.name_key.like(f"%{escaped}%", escape="\\"))
        if where.ids is not None:
            query = query.where(c.id.in_(where.ids))
        if where.member is not None:
            query = query.where(is_member() if where.member else ~is_member())
        return query

    @staticmethod
    def cursor_of(org: Organisation) -> tuple[str, str]:
        return _name_key(org.name), org.id
