"""``me``: who the gateway thinks the caller is."""

from __future__ import annotations

import strawberry

from gateway.context import Info
from gateway.node import global_id
from gateway.types.viewer import Role, Viewer


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The caller: role, subject and, for members and jurors, whom they act for.")
    def me(self, info: Info) -> Viewer:
        principal = info.context.principal
        return Viewer(
            role=Role(principal.role.value),
            subject=principal.subject,
            organisation_id=global_id("Organisation", principal.organisation_id) if principal.organisation_id else None,
            juror_id=principal.juror_id,
        )
