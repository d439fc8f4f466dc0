"""The authorization matrix: every HTTP route of every service and every GraphQL mutation and
subscription, against every role, read from the code (``require_roles`` on routes, permission
extensions on fields).

    python tools/authz_matrix.py           # write docs/authorization.md
    python tools/authz_matrix.py --check   # exit 1 when the file is stale

tests/security/test_authorization_matrix.py calls every entry with a token of every role and checks
the answer matches the table.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "authorization.md"
SERVICES = ["membership", "events", "awards", "notifications"]
ROLES = ["public", "member", "secretariat", "juror", "operator"]


@dataclass(frozen=True)
class Entry:
    where: str  # service name or "gateway"
    operation: str  # "POST /organisations" or "mutation registerOrganisation"
    allowed: frozenset[str]  # roles; all of ROLES when open to the public
    method: str = ""
    path: str = ""


def service_app(service: str):
    module = importlib.import_module(f"{service}.bootstrap")
    return module.create_app(module.Settings(database_url="sqlite+aiosqlite:///:memory:", kafka_bootstrap_servers="127.0.0.1:1"))


def http_entries(service: str) -> list[Entry]:
    from fastapi import routing
    from fastapi.openapi.utils import _get_api_route_for_openapi
    from servicekit.http import required_roles

    entries = []
    for context in routing.iter_route_contexts(service_app(service).routes):
        route = _get_api_route_for_openapi(context)
        if route is None:
            continue
        roles = required_roles(route.dependant)
        allowed = frozenset(r.value for r in roles) if roles else frozenset(ROLES)
        for method in sorted(route.methods):
            entries.append(Entry(service, f"{method} {route.path_format}", allowed, method, route.path_format))
    return sorted(entries, key=lambda e: (e.path, e.method))


def graphql_entries() -> list[Entry]:
    from gateway.schema import schema
    from strawberry.permission import PermissionExtension

    entries = []
    for root in ("Mutation", "Subscription"):
        definition = schema.schema_converter.type_map[root].definition
        for field in definition.fields:
            roles = None
            for extension in field.extensions:
                if isinstance(extension, PermissionExtension):
                    for permission in extension.permissions:
                        roles = getattr(permission, "roles", None) or roles
            allowed = frozenset(r.value for r in roles) if roles else frozenset(ROLES)
            name = schema.config.name_converter.get_graphql_name(field)
            entries.append(Entry("gateway", f"{root.lower()} {name}", allowed))
    return sorted(entries, key=lambda e: e.operation)


def all_entries() -> list[Entry]:
    return [e for s in SERVICES for e in http_entries(s)] + graphql_entries()


def render(entries: list[Entry]) -> str:
    lines = [
        "# Authorization matrix",
        "",
        "Written by `python tools/authz_matrix.py` from the code; `tests/security/test_authorization_matrix.py`",
        "calls every row with a token of every role and fails when an answer differs from the table.",
        "",
        "**allow** means the role passes the role check; the service may still refuse on the object",
        "(a member acts only for its own organisation, a juror only as itself, and the public sees only",
        "published or verified data): those rules are tested in each service's tests. A member of another",
        "organisation and another juror hold the same role, so they pass the role check and meet those rules.",
        "",
    ]
    for where in [*SERVICES, "gateway"]:
        rows = [e for e in entries if e.where == where]
        lines += [f"## {where}", "", "| operation | " + " | ".join(ROLES) + " |", "|---|" + "---|" * len(ROLES)]
        lines += [f"| `{e.operation}` | " + " | ".join("allow" if r in e.allowed else "deny" for r in ROLES) + " |" for e in rows]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(all_entries())
    if args.check:
        if not DOC.exists() or DOC.read_text() != text:
            sys.exit(f"{DOC} is stale: run python tools/authz_matrix.py")
        return
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
