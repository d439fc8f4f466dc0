"""Group handlers: create, add a member, remove a member; each emits exactly its event."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from contracts import membership as events
from membership.domain import commands
from membership.domain.errors import DuplicateGroup, GroupMemberExists, GroupNotFound, NotAllowed, OrganisationNotFound
from membership.domain.groups import Group, GroupMember
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def group_created(g: Group) -> events.GroupCreated:
    return events.GroupCreated(group_id=g.id, name=g.name, kind=events.GroupKind(g.kind.value), coordinator_organisation_id=g.coordinator_organisation_id,
                               country=g.country, founded_on=g.founded_on, created_by=g.created_by, created_at=g.created_at)


def member_added(m: GroupMember) -> events.GroupMemberAdded:
    return events.GroupMemberAdded(group_id=m.group_id, membership_id=m.id, organisation_id=m.organisation_id, person_name=m.person_name,
                                   person_organisation_id=m.person_organisation_id, joined_on=m.joined_on, added_by=m.added_by, added_at=m.added_at)


def member_removed(m: GroupMember) -> events.GroupMemberRemoved:
    return events.GroupMemberRemoved(group_id=m.group_id, membership_id=m.id, organisation_id=m.organisation_id, left_on=m.left_on,
                                     removed_by=m.removed_by, removed_at=m.removed_at)


async def _organisation(uow: MembershipUnitOfWork, organisation_id: str):
    organisation = await uow.organisations.get(organisation_id)
    if organisation is None:
        raise OrganisationNotFound(organisation_id)
    return organisation


async def _group(uow: MembershipUnitOfWork, group_id: str, acting_for: str | None) -> Group:
    group = await uow.groups.get(group_id)
    if group is None:
        raise GroupNotFound(group_id)
    if acting_for is not None and acting_for != group.coordinator_organisation_id:
        raise NotAllowed("Only the secretariat and the group's coordinating organisation may change its members.")
    return group


async def create_group(cmd: commands.CreateGroup, uow: MembershipUnitOfWork) -> Group:
    async with uow:
        coordinator = await _organisation(uow, cmd.coordinator_organisation_id)
        group = Group.create(name=cmd.name, kind=cmd.kind, coordinator=coordinator, created_by=cmd.created_by, country=cmd.country,
                             founded_on=cmd.founded_on, description=cmd.description)
        if await uow.groups.get_by_name(group.name):
            raise DuplicateGroup(group.name)
        try:
            await uow.groups.add(group)
            uow.emit(group_created(group))
            await uow.commit()
        except IntegrityError:
            await uow.rollback()
            raise DuplicateGroup(group.name) from None
    return group


async def add_member(cmd: commands.AddGroupMember, uow: MembershipUnitOfWork) -> tuple[Group, GroupMember]:
    async with uow:
        group = await _group(uow, cmd.group_id, cmd.acting_for_organisation_id)
        organisation = await _organisation(uow, cmd.organisation_id) if cmd.organisation_id else None
        if cmd.person_organisation_id:
            await _organisation(uow, cmd.person_organisation_id)
        member = group.add(joined_on=cmd.joined_on, added_by=cmd.added_by, organisation=organisation, person_name=cmd.person_name,
                           person_organisation_id=cmd.person_organisation_id)
        try:
            await uow.groups.add_member(member)
            uow.emit(member_added(member))
            await uow.commit()
        except IntegrityError:
            # A concurrent addition of the same organisation committed first (partial unique index).
            await uow.rollback()
            raise GroupMemberExists(f"{organisation.name if organisation else 'This person'} is already a member of {group.name}.") from None
    return group, member


async def remove_member(cmd: commands.RemoveGroupMember, uow: MembershipUnitOfWork) -> tuple[Group, GroupMember]:
    async with uow:
        group = await _group(uow, cmd.group_id, cmd.acting_for_organisation_id)
        member = group.member(cmd.member_id)
        if member is None:
            raise GroupNotFound(cmd.member_id, "member of this group")
        member.leave(cmd.left_on, cmd.removed_by)
        await uow.groups.save_member(member)
        uow.emit(member_removed(member))
        await uow.commit()
    return group, member
