"""Loads and stores organisations; list queries page by (name, id) cursors."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import organisations
from membership.adapters.signature_repository import is_member
from membership.domain.contacts import Contact
from membership.domain.errors import ConcurrentChange
from membership.domain.model import Language, Organisation, OrganisationKind, OrganisationSubkind


@dataclass(frozen=True)
class OrganisationFilter:
    kind: OrganisationKind | None = None
    country: str | None = None
    text: str | None = None
    ids: list[str] | None = None
    member: bool | None = None
    include_archived: bool = False


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
        subkind=OrganisationSubkind(row.subkind) if row.subkind else None,
        names={Language(l): n for l, n in (row.names or {}).items()},
        contacts=[Contact.from_dict(c) for c in row.contacts or []],
        archived_at=row.archived_at,
        archived_by=row.archived_by,
        archive_reason=row.archive_reason,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        version=row.version,
        member=bool(row.member),
    )


def _to_row(org: Organisation) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "name_key": _name_key(org.name),
        "kind": org.kind.value,
        "subkind": org.subkind.value if org.subkind else None,
        "country": org.country,
        "website": org.website,
        "languages": [l.value for l in org.languages],
        "names": {l.value: n for l, n in org.names.items()},
        "contacts": [c.as_dict() for c in org.contacts],
        "registered_at": org.registered_at,
        "archived_at": org.archived_at,
        "archived_by": org.archived_by,
        "archive_reason": org.archive_reason,
        "updated_at": org.updated_at,
        "updated_by": org.updated_by,
        "version": org.version,
    }


class OrganisationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    @staticmethod
    def _select() -> Select:
        return select(organisations, is_member().label("member"))

    async def add(self, org: Organisation) -> None:
        await self._session.execute(insert(organisations).values(**_to_row(org)))

    async def save(self, org: Organisation) -> None:
        """Write a changed organisation if nobody else changed it since it was loaded (compare-and-set)."""
        loaded_version = org.version
        org.version += 1
        result = await self._session.execute(
            update(organisations).where(organisations.c.id == org.id, organisations.c.version == loaded_version).values(**_to_row(org))
        )
        if result.rowcount != 1:
            raise ConcurrentChange(f"Organisation {org.id}")

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
            query = query.where(c.id.in_(where.ids))  # batch loading by id: archived ones too (old signatures name them)
        elif not where.include_archived:
            query = query.where(c.archived_at.is_(None))
        if where.member is not None:
            query = query.where(is_member() if where.member else ~is_member())
        return query

    @staticmethod
    def cursor_of(org: Organisation) -> tuple[str, str]:
        return _name_key(org.name), org.id
