"""Checks a service runs before it serves: fail at once, with a message an operator can act on,
rather than answer requests with a missing key or against an old schema."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

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
    problems += production_problems(settings)
    if problems:
        raise StartupError("; ".join(problems))


MIN_SECRET_LENGTH = 32


def check_production(settings) -> None:
    """For the processes that serve no HTTP (``relay``, ``consume``): they send what links are in, too."""
    problems = production_problems(settings)
    if problems:
        raise StartupError("; ".join(problems))


def production_problems(settings) -> list[str]:
    """Outside development, every development value the settings name: a secret that is empty, the default in the
    source or short, a public URL on loopback, a key not set. Links signed with a secret anyone can read in the
    source, or pointing at 127.0.0.1, must never reach a registrant's mailbox."""
    if getattr(settings, "development", True):
        return []
    fields = type(settings).model_fields
    problems = []
    for name in settings.production_secrets:
        value, variable = getattr(settings, name) or "", settings.variable_name(name)
        if not value.strip():
            problems.append(f"{variable} is not set")
        elif value == fields[name].default:
            problems.append(f"{variable} is the development default from the source")
        elif len(value) < MIN_SECRET_LENGTH:
            problems.append(f"{variable} is shorter than {MIN_SECRET_LENGTH} characters")
    for name in settings.production_keys:
        if not (getattr(settings, name) or "").strip():
            problems.append(f"{settings.variable_name(name)} is not set")
    optional = set(settings.production_optional_public_urls)
    for name in (*settings.production_public_urls, *optional):
        value = getattr(settings, name) or ""
        if not is_public_url(value) and not (name in optional and not value.strip()):
            problems.append(f"{settings.variable_name(name)} ({value or 'empty'}) is not a public http(s) address: "
                            "links in messages must open from anywhere")
    if problems:
        problems[-1] += (f" (outside development: {settings.variable_name('auto_migrate')}=false; secrets: `openssl rand -hex 32`, "
                         "or a <NAME>_FILE; see deploy/README.md)")
    return problems


def is_public_url(url: str) -> bool:
    """An http(s) URL whose host is a name or address other than loopback or unspecified (0.0.0.0)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost") or host == "localhost.localdomain":
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name: where it points is DNS's business
    return not (address.is_loopback or address.is_unspecified)


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
