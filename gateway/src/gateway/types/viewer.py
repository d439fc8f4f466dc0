"""The caller, as the gateway sees their token."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.context import Info
from gateway.types.organisation import Organisation


@strawberry.enum(description="What a caller may do; carried by their token.")
class Role(Enum):
    PUBLIC = strawberry.enum_value("public", description="No token: what the public web site shows.")
    MEMBER = strawberry.enum_value("member", description="A user of a member organisation.")
    SECRETARIAT = strawberry.enum_value("secretariat", description="The pact secretariat (or a ministry user recording signatures).")
    JUROR = strawberry.enum_value("juror", description="A juror of an award edition.")
    OPERATOR = strawberry.enum_value("operator", description="Someone who runs the platform.")


@strawberry.type(description="The caller of this request.")
class Viewer:
    role: Role = strawberry.field(description="The role the token grants; PUBLIC without a token.")
    subject: str = strawberry.field(description="The token's subject (an account id); 'anonymous' without a token.")
    organisation_id: strawberry.ID | None = strawberry.field(description="The member's organisation, for role MEMBER.")
    juror_id: strawberry.ID | None = strawberry.field(description="The juror this token acts as, for role JUROR.")

    @strawberry.field(description="The member's organisation, for role MEMBER.")
    async def organisation(self, info: Info) -> Organisation | None:
        if self.organisation_id is None:
            return None
        return await info.context.loaders.organisation_by_id.load(str(self.organisation_id))
