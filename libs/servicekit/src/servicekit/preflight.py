"""Checks a service runs before it serves: fail at once, with a message an operator can act on,
rather than answer requests with a missing key or against an old schema."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from servicekit.migrations import schema_revisions


class StartupError(Exception):
    """The service must not start; the message says what to fix."""


def check_settings(settings) -> None:
    prefix = f"{settings.service_name.upper()}_"
    problems = []
    try:
        key = settings.jwt_key_material()
    except OSError as exc:
        key, problems = "", [f"JWT_PUBLIC_KEY names a file that cannot be read ({exc})"]
    if not key and not problems:
        problems.append("JWT_PUBLIC_KEY is not set: give the token issuer's public key (PEM, a file path, or JWT_PUBLIC_KEY_FILE)")
    if hasattr(settings, "database_url") and not settings.database_url:
        problems.append(f"{prefix}DATABASE_URL is not set")
    if problems:
        raise StartupError("; ".join(problems))


async def check_schema(runtime) -> None:
    """With auto-migration off (production), the database must already be at the code's revision."""
    if runtime.settings.auto_migrate:
        return
    try:
        current, heads = await schema_revisions(runtime.engine, runtime.migrations)
    except (SQLAlchemyError, OSError) as exc:
        raise StartupError(f"cannot read the schema revision from {runtime.settings.service_name}'s database: {exc}") from None
    if current != heads:
        found = ", ".join(sorted(current)) or "no revision (empty database)"
        raise StartupError(
            f"the database is at {found} but this version needs {', '.join(sorted(heads))}: "
            f"run `python -m {runtime.settings.service_name} migrate` (or `pactctl migrate {runtime.settings.service_name}`) first"
        )
