"""Groups' tables and repository: a group row and one row per membership (join to leave)."""

from __future__ import annotations

from dataclasses import fields

from servicekit.db import UtcDateTime
from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import metadata
from membership.domain.errors import ConcurrentChange
from membership.domain.groups import Group, GroupKind, GroupMember

groups = Table(
    "groups",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False, unique=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("coordinator_organisation_id", String(36), ForeignKey("organisations.id"), nullable=False, index=True),
    Column("country", String(2)),
    Column("founded_on", Date),
    Column("description", Text),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

ACTIVE_ORGANISATION_MEMBER = text("left_on IS NULL AND organisation_id IS NOT NULL")

group_members = Table(
    "group_members",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("group_id", String(36), ForeignKey("groups.id"), nullable=False, index=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), index=True),
    Column("person_name", String(200)),
    Column("person_organisation_id", String(36), ForeignKey("organisations.id")),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date),
    Column("added_by", String(200), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    Column("removed_by", String(200)),
    Column("removed_at", UtcDateTime),
    # An organisation is at most once a current member of a group, also under concurrent additions.
    Index("uq_group_members_active_organisation", "group_id", "organisation_id", unique=True,
          postgresql_where=ACTIVE_ORGANISATION_MEMBER, sqlite_where=ACTIVE_ORGANISATION_MEMBER),
)

_GROUP_COLUMNS = [f.name for f in fields(Group) if f.name != "members"]
_MEMBER_COLUMNS = [f.name for f in fields(GroupMember)]


def _group(row, members: list[GroupMember]) -> Group:
    values = {name: getattr(row, name) for name in _GROUP_COLUMNS}
    return Group(**values | {"kind": GroupKind(row.kind)}, members=members)


class GroupRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, group: Group) -> None:
        values = {name: getattr(group, name) for name in _GROUP_COLUMNS}
        await self._session.execute(insert(groups).values(**values | {"kind": group.kind.value, "name_key": group.name.casefold()}))

    async def get(self, group_id: str) -> Group | None:
        row = (await self._session.execute(select(groups).where(groups.c.id == group_id))).first()
        if row is None:
            return None
        rows = (await self._session.execute(
            select(group_members).where(group_members.c.group_id == group_id).order_by(group_members.c.joined_on, group_members.c.added_at, group_members.c.id))).all()
        return _group(row, [GroupMember(**{name: getattr(r, name) for name in _MEMBER_COLUMNS}) for r in rows])

    async def get_by_name(self, name: str) -> str | None:
        return await self._session.scalar(select(groups.c.id).where(groups.c.name_key == name.casefold()))

    async def add_member(self, member: GroupMember) -> None:
        await self._session.execute(insert(group_members).values(**{name: getattr(member, name) for name in _MEMBER_COLUMNS}))

    async def save_member(self, member: GroupMember) -> None:
        """Record a departure; only a current membership can end (the WHERE makes concurrent removals harmless)."""
        values = {"left_on": member.left_on, "removed_by": member.removed_by, "removed_at": member.removed_at}
        result = await self._session.execute(
            update(group_members).where(group_members.c.id == member.id, group_members.c.left_on.is_(None)).values(**values))
        if result.rowcount != 1:
            raise ConcurrentChange(f"Group member {member.id}")

    async def list(self, *, kind: GroupKind | None = None, organisation_id: str | None = None) -> list[Group]:
        """Groups by name (a few dozen at most, so no paging), with their members."""
        query = select(groups).order_by(groups.c.name_key)
        if kind:
            query = query.where(groups.c.kind == kind.value)
        if organisation_id:
            in_group = select(group_members.c.group_id).where(group_members.c.organisation_id == organisation_id, group_members.c.left_on.is_(None))
            query = query.where((groups.c.coordinator_organisation_id == organisation_id) | groups.c.id.in_(in_group))
        rows = (await self._session.execute(query)).all()
        members: dict[str, list[GroupMember]] = {row.id: [] for row in rows}
        if rows:  # every group's members in one more query, not one per group
            found = await self._session.execute(select(group_members).where(group_members.c.group_id.in_(list(members)))
                                                .order_by(group_members.c.joined_on, group_members.c.added_at, group_members.c.id))
            for r in found:
                members[r.group_id].append(GroupMember(**{name: getattr(r, name) for name in _MEMBER_COLUMNS}))
        return [_group(row, members[row.id]) for row in rows]
