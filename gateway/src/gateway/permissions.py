"""Who may call a field. The services check again; the gateway refuses early and with a clear code."""

from __future__ import annotations

from typing import Any, ClassVar

from servicekit.auth import Role
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info


class IsAuthenticated(BasePermission):
    message = "This needs a bearer token."
    error_extensions: ClassVar[dict[str, str]] = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return not info.context.principal.is_public


class HasRole(BasePermission):
    error_extensions: ClassVar[dict[str, str]] = {"code": "FORBIDDEN"}

    def __init__(self, *roles: Role):
        self.roles = frozenset(roles)
        self.message = f"This needs a token with the role {' or '.join(sorted(r.value for r in self.roles))}."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.principal.role in self.roles


def require_roles(*roles: Role) -> PermissionExtension:
    """No token: UNAUTHENTICATED; a token with another role: FORBIDDEN (checked in that order)."""
    # Directives off: they would print as bare `@HasRole` in the schema, without the roles.
    return PermissionExtension(permissions=[IsAuthenticated(), HasRole(*roles)], use_directives=False)
