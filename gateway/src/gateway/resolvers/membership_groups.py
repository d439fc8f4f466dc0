"""Membership's groups and register part of the schema: buyer, working and steering groups; register entries and proofs."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection, whole_list
from gateway.context import Info
from gateway.permissions import require_roles
from gateway.types.group import AddGroupMemberInput, CreateGroupInput, Group, GroupConnection, GroupEdge, GroupKind, GroupMember
from gateway.types.register import RegisterEntry, SignedRegisterHead

STAFF = (Role.SECRETARIAT, Role.OPERATOR)
GroupIdArg = Annotated[strawberry.ID, strawberry.argument(description="The group's id.")]


@strawberry.type
class MembershipGroupsQuery:
    @strawberry.field(description="Groups by name with their current members. Persons' names are null for the public.")
    async def pact_groups(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        kind: Annotated[GroupKind | None, strawberry.argument(description="Only groups of this kind.")] = None,
        organisation_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only groups this organisation coordinates or belongs to now.")
        ] = None,
    ) -> GroupConnection:
        async def load() -> list[dict]:
            data = await info.context.membership.list_groups(kind=kind.value if kind else None,
                                                             organisation_id=str(organisation_id) if organisation_id else None)
            return data["items"]

        return await build_connection(first, after, whole_list(load), last=last, before=before,
                                      edge=GroupEdge, node=Group.from_upstream, connection=GroupConnection)

    @strawberry.field(description="Groups by name with their current members. Persons' names are null for the public.",
                      deprecation_reason="Use pactGroups: the same list as a Relay connection.")
    async def groups(
        self,
        info: Info,
        kind: Annotated[GroupKind | None, strawberry.argument(description="Only groups of this kind.")] = None,
        organisation_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only groups this organisation coordinates or belongs to now.")
        ] = None,
    ) -> list[Group]:
        data = await info.context.membership.list_groups(kind=kind.value if kind else None,
                                                         organisation_id=str(organisation_id) if organisation_id else None)
        return [Group.from_upstream(g) for g in data["items"]]

    @strawberry.field(description="One group; NOT_FOUND when there is none.")
    async def group(
        self,
        info: Info,
        id: GroupIdArg,
        include_former: Annotated[bool, strawberry.argument(description="Also list members who left.")] = False,
    ) -> Group:
        return Group.from_upstream(await info.context.membership.get_group(str(id), include_former=include_former))

    @strawberry.field(description="Register entries in order. The public sees only the digest of pending and rejected entries.")
    async def register_entries(
        self,
        info: Info,
        after: Annotated[int, strawberry.argument(description="The last seq already seen (0 for the start).")] = 0,
        first: Annotated[int, strawberry.argument(description="How many entries, 1 to 1000.")] = 100,
    ) -> list[RegisterEntry]:
        data = await info.context.membership.register_entries(after=after, first=first)
        return [RegisterEntry.from_upstream(e) for e in data["entries"]]

    @strawberry.field(description="The register's current head, signed: its size, last hash and Merkle root.")
    async def register_head(self, info: Info) -> SignedRegisterHead:
        return SignedRegisterHead.from_upstream(await info.context.membership.register_head())


@strawberry.type
class MembershipGroupsMutation:
    @strawberry.mutation(description="Create a group (secretariat or operator). CONFLICT when the name is taken.", extensions=[require_roles(*STAFF)])
    async def create_group(self, info: Info, input: Annotated[CreateGroupInput, strawberry.argument(description="The group.")]) -> Group:
        return Group.from_upstream(await info.context.membership.create_group(input.to_upstream()))

    @strawberry.mutation(
        description="Add an organisation or a person to a group (secretariat, operator, or a member of the coordinating organisation). "
        "CONFLICT when the organisation is a member already.",
        extensions=[require_roles(*STAFF, Role.MEMBER)],
    )
    async def add_group_member(
        self, info: Info, group_id: GroupIdArg, input: Annotated[AddGroupMemberInput, strawberry.argument(description="Who joins, and when.")]
    ) -> GroupMember:
        return GroupMember.from_upstream(await info.context.membership.add_group_member(str(group_id), input.to_upstream()))

    @strawberry.mutation(
        description="A member leaves a group on leftOn; its history is kept. CONFLICT when it already left.",
        extensions=[require_roles(*STAFF, Role.MEMBER)],
    )
    async def remove_group_member(
        self,
        info: Info,
        group_id: GroupIdArg,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The membership's id (GroupMember.id).")],
        left_on: Annotated[date, strawberry.argument(description="The day the member left.")],
    ) -> GroupMember:
        data = await info.context.membership.remove_group_member(str(group_id), str(member_id), left_on.isoformat())
        return GroupMember.from_upstream(data)
