"""A member's own record: what the member role sees of its organisation, pending signatures included."""

from __future__ import annotations

import strawberry

from gateway.context import Info
from gateway.types.group import Group
from gateway.types.organisation import Organisation
from gateway.types.signature import Signature


@strawberry.type(description="A member's own record: its organisation (with contacts), every signature and letter, pending ones included, and its groups.")
class MemberRecord:
    organisation: Organisation = strawberry.field(description="The member's organisation, contacts included.")
    signatures: list[Signature] = strawberry.field(description="All its signatures and letters of support, oldest first, pending ones included.")

    @strawberry.field(description="The groups the organisation coordinates or belongs to now.")
    async def groups(self, info: Info) -> list[Group]:
        data = await info.context.membership.list_groups(organisation_id=str(self.organisation.id))
        return [Group.from_upstream(g) for g in data["items"]]
