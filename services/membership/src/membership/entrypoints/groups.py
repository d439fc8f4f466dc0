"""Groups over HTTP: create (staff), add and remove members (staff or the coordinating organisation's members), read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, NotFound
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key, QueryFlag

from membership.adapters.groups import GroupRepository
from membership.domain import commands
from membership.domain.errors import MembershipError
from membership.domain.groups import Group, GroupKind, GroupMember
from membership.entrypoints.group_schemas import GroupIn, GroupList, GroupOut, MemberIn, MemberOut, RemoveMemberIn
from membership.entrypoints.problems import problem_for
from membership.service_layer import groups as handlers

router = APIRouter(prefix="/groups", tags=["groups"], responses=PROBLEM_RESPONSES)
STAFF = (Role.SECRETARIAT, Role.OPERATOR)


def _member_out(m: GroupMember, principal: Principal) -> MemberOut:
    name = m.person_name if not principal.is_public else None
    return MemberOut(id=m.id, organisation_id=m.organisation_id, person_name=name, person_organisation_id=m.person_organisation_id,
                     is_person=m.organisation_id is None, joined_on=m.joined_on, left_on=m.left_on, added_at=m.added_at, removed_at=m.removed_at)


def _out(group: Group, principal: Principal, include_former: bool = False) -> GroupOut:
    current = [m for m in group.members if m.active]
    shown = group.members if include_former else current
    fields = {k: getattr(group, k) for k in GroupOut.model_fields if k not in ("members", "member_count")}
    return GroupOut(**fields, member_count=len(current), members=[_member_out(m, principal) for m in shown])


def _acting_for(principal: Principal) -> str | None:
    return principal.organisation_id if principal.role is Role.MEMBER else None


async def _run(handler, cmd, request: Request):
    try:
        return await handler(cmd, request.app.state.runtime.uow())
    except MembershipError as exc:
        raise problem_for(exc) from None


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a buyer, working or steering group")
async def create_group(body: GroupIn, request: Request, principal: Principal = require_roles(*STAFF)) -> GroupOut:
    group = await _run(handlers.create_group, commands.CreateGroup(**body.model_dump(), created_by=principal.subject), request)
    return _out(group, principal)


@router.post("/{group_id}/members", status_code=status.HTTP_201_CREATED, summary="Add an organisation or a person to a group")
async def add_member(group_id: str, body: MemberIn, request: Request, principal: Principal = require_roles(*STAFF, Role.MEMBER)) -> MemberOut:
    cmd = commands.AddGroupMember(group_id=group_id, **body.model_dump(), added_by=principal.subject, acting_for_organisation_id=_acting_for(principal))
    _, member = await _run(handlers.add_member, cmd, request)
    return _member_out(member, principal)


@router.post("/{group_id}/members/{member_id}/remove", summary="A member leaves the group on left_on (its history is kept)")
async def remove_member(group_id: str, member_id: str, body: RemoveMemberIn, request: Request,
                        principal: Principal = require_roles(*STAFF, Role.MEMBER)) -> MemberOut:
    cmd = commands.RemoveGroupMember(group_id=group_id, member_id=member_id, left_on=body.left_on, removed_by=principal.subject,
                                     acting_for_organisation_id=_acting_for(principal))
    _, member = await _run(handlers.remove_member, cmd, request)
    return _member_out(member, principal)


@router.get("", summary="Groups by name, with their current members")
async def list_groups(
    request: Request,
    principal: CurrentPrincipal,
    kind: GroupKind | None = None,
    organisation_id: Annotated[Key | None, Query(description="Only groups this organisation coordinates or currently belongs to")] = None,
) -> GroupList:
    async with request.app.state.runtime.sessionmaker() as session:
        found = await GroupRepository(session).list(kind=kind, organisation_id=organisation_id)
    return GroupList(items=[_out(g, principal) for g in found])


@router.get("/{group_id}", summary="One group and its members")
async def get_group(group_id: str, request: Request, principal: CurrentPrincipal,
                    include_former: Annotated[QueryFlag, Query(description="Also members who left")] = False) -> GroupOut:
    async with request.app.state.runtime.sessionmaker() as session:
        group = await GroupRepository(session).get(group_id)
    if group is None:
        raise NotFound("Group", group_id)
    return _out(group, principal, include_former)
