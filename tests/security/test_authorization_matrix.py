"""docs/authorization.md is current, and every row holds: each role the table denies is refused
(401 without a token, 403 with the wrong role); each role it allows passes the role check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from graphql import get_named_type, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import authz_matrix  # noqa: E402

ENTRIES = authz_matrix.all_entries()
SOME_ID = "00000000-0000-4000-8000-000000000001"
DENIED = {401, 403}


def headers_for(role: str, token) -> dict[str, str]:
    if role == "public":
        return {}
    extra = {"org": SOME_ID} if role == "member" else {"juror": SOME_ID} if role == "juror" else {}
    return {"Authorization": f"Bearer {token(role, **extra)}"}


def test_the_published_matrix_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "authz_matrix.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
async def clients(tmp_path_factory, jwt_keys):
    """Each service in-process on its own SQLite file (the broker away: role checks need neither)."""
    directory = tmp_path_factory.mktemp("authz")
    clients = {}
    contexts = []
    for service in authz_matrix.SERVICES:
        module = __import__(f"{service}.bootstrap", fromlist=["create_app", "Settings"])
        app = module.create_app(module.Settings(database_url=f"sqlite+aiosqlite:///{directory / service}.db", kafka_bootstrap_servers="127.0.0.1:1",
                                                jwt_public_key=jwt_keys[1]))
        context = app.router.lifespan_context(app)
        await context.__aenter__()
        contexts.append(context)
        clients[service] = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{service}")
    yield clients
    for client in clients.values():
        await client.aclose()
    for context in reversed(contexts):
        await context.__aexit__(None, None, None)


HTTP = [e for e in ENTRIES if e.where != "gateway" and not e.path.startswith(("/health", "/metrics", "/asyncapi", "/dev/"))]


@pytest.mark.parametrize("entry", HTTP, ids=[f"{e.where} {e.operation}" for e in HTTP])
async def test_http_routes_answer_each_role_as_the_table_says(entry, clients, token):
    path = re.sub(r"\{[^}]+\}", SOME_ID, entry.path)
    for role in authz_matrix.ROLES:
        response = await clients[entry.where].request(entry.method, path, headers=headers_for(role, token), json={})
        if role in entry.allowed:
            assert response.status_code != 401, f"{role}: {response.status_code} {response.text[:300]}"
            if response.status_code == 403:  # allowed by role: only an object rule may refuse, with its own code
                assert response.json().get("code") != "FORBIDDEN" or role in ("member", "juror"), f"{role}: {response.text[:300]}"
        else:
            assert response.status_code in DENIED, f"{role} should be refused: {response.status_code} {response.text[:300]}"


GRAPHQL = [e for e in ENTRIES if e.where == "gateway"]


@pytest.fixture(scope="module")
def gateway_app(jwt_keys):
    # Upstreams unreachable: an allowed call gets past the gateway's permission check and fails upstream.
    dead = "http://127.0.0.1:1"
    return create_gateway(GatewaySettings(jwt_public_key=jwt_keys[1], membership_url=dead, events_url=dead, awards_url=dead,
                                          notifications_url=dead, rate_limit_per_minute=0, upstream_timeout_seconds=1))


@pytest.mark.parametrize("entry", GRAPHQL, ids=[e.operation for e in GRAPHQL])
async def test_graphql_operations_answer_each_role_as_the_table_says(entry, gateway_app, token):
    kind, name = entry.operation.split(" ")
    document = operation_document(gateway_app, kind, name)
    async with gateway_app.router.lifespan_context(gateway_app), \
            httpx.AsyncClient(transport=httpx.ASGITransport(app=gateway_app), base_url="http://gateway") as client:
        for role in authz_matrix.ROLES:
            if kind == "subscription":
                continue  # over WebSocket; the same permission extension, checked in tests/test_gateway_live.py
            body = (await client.post("/graphql", json={"query": document}, headers=headers_for(role, token))).json()
            codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
            if role in entry.allowed:
                assert not codes & {"UNAUTHENTICATED"} and not (codes == {"FORBIDDEN"} and role not in ("member", "juror")), f"{role}: {body}"
            else:
                assert codes & {"UNAUTHENTICATED", "FORBIDDEN"}, f"{role} should be refused: {body}"


def operation_document(app, kind: str, name: str) -> str:
    from gateway.schema import schema

    root = schema._schema.mutation_type if kind == "mutation" else schema._schema.subscription_type
    field = root.fields[name]
    arguments = ", ".join(f"{arg}: {literal(a.type)}" for arg, a in field.args.items() if isinstance(a.type, GraphQLNonNull))
    call = f"{name}({arguments})" if arguments else name
    leaf = isinstance(get_named_type(field.type), (GraphQLScalarType, GraphQLEnumType))
    return f"{kind} {{ {call}{'' if leaf else ' { __typename }'} }}"


def literal(graphql_type) -> str:
    if isinstance(graphql_type, GraphQLNonNull):
        return literal(graphql_type.of_type)
    if isinstance(graphql_type, GraphQLList):
        return f"[{literal(graphql_type.of_type)}]"
    if isinstance(graphql_type, GraphQLEnumType):
        return next(iter(graphql_type.values))
    if isinstance(graphql_type, GraphQLInputObjectType):
        fields = ", ".join(f"{n}: {literal(f.type)}" for n, f in graphql_type.fields.items() if isinstance(f.type, GraphQLNonNull))
        return "{" + fields + "}"
    if isinstance(graphql_type, GraphQLScalarType):
        return {"Int": "1", "Float": "1.0", "Boolean": "true", "Date": '"2021-06-14"', "DateTime": '"2021-06-14T10:00:00Z"'}.get(
            graphql_type.name, f'"{SOME_ID}"')
    raise TypeError(graphql_type)
