"""The gateway in front of the real membership service, both served by uvicorn on loopback ports.

Membership runs on SQLite with an unreachable broker: its HTTP API works without
Kafka (the outbox waits), and the HTTP API is all the gateway uses.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from gateway.app import create_app
from gateway.node import local_id
from gateway.settings import Settings
from events.bootstrap import Settings as EventsSettings
from events.bootstrap import create_app as create_events_app
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership_app
from servicekit.auth import issue_token
from servicekit.testing import RunningServer

UNREACHABLE_KAFKA = "127.0.0.1:1"


@dataclass(frozen=True)
class UpstreamCall:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: dict[str, str]


@dataclass
class Upstream:
    url: str
    calls: list[UpstreamCall] = field(default_factory=list)

    def organisation_calls(self) -> list[UpstreamCall]:
        return [c for c in self.calls if c.path.startswith("/organisations")]


class GraphQLClient:
    """Posts operations to one gateway and checks what must hold for every response."""

    def __init__(self, url: str):
        self.url = f"{url}/graphql"

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await self.post(query, variables, token=token, headers=headers)
        body = response.json()
        assert "Traceback" not in response.text and 'File "' not in response.text, response.text
        for error in body.get("errors") or []:
            assert error.get("extensions", {}).get("code"), f"error without a code: {error}"
            # Every error names the request, as the response header does; removed here so
            # tests compare the extensions that vary by error.
            assert error["extensions"].pop("requestId", None) == response.headers["X-Correlation-Id"], error
        return body

    async def post(self, query: str | None, variables=None, *, token=None, headers=None, extensions=None) -> httpx.Response:
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = {"query": query, "variables": variables or {}, **({"extensions": extensions} if extensions else {})}
        headers.setdefault("Content-Type", "application/json")
        async with httpx.AsyncClient(timeout=30) as client:
            # ASCII JSON, as browsers' JSON.stringify writes it: a lone surrogate travels as its "\ud800" escape
            return await client.post(self.url, content=json.dumps(body), headers=headers)


async def serve_recorded(app):
    """Serve a real service app, recording what reaches it: how tests count batched calls and see forwarded headers."""
    upstream = Upstream(url="")

    @app.middleware("http")
    async def record(request, call_next):
        upstream.calls.append(UpstreamCall(request.method, request.url.path, request.query_params.multi_items(), dict(request.headers)))
        return await call_next(request)

    async with RunningServer(app) as server:
        upstream.url = server.url
        yield upstream


@pytest.fixture(scope="session")
async def membership(tmp_path_factory, jwt_keys) -> Upstream:
    settings = MembershipSettings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('membership') / 'm.db'}",
                                  kafka_bootstrap_servers=UNREACHABLE_KAFKA, jwt_public_key=jwt_keys[1], log_json=True)
    async for upstream in serve_recorded(create_membership_app(settings)):
        yield upstream


@pytest.fixture(scope="session")
async def events_upstream(tmp_path_factory, jwt_keys) -> Upstream:
    """The real events service on SQLite, its broker unreachable (the outbox waits)."""
    settings = EventsSettings(database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('events') / 'e.db'}",
                              kafka_bootstrap_servers=UNREACHABLE_KAFKA, jwt_public_key=jwt_keys[1], log_json=True, run_scheduler=False)
    async for upstream in serve_recorded(create_events_app(settings)):
        yield upstream


@pytest.fixture(scope="session")
def gateway_server(membership, events_upstream, jwt_keys):
    """gateway_server(**settings) -> an async context manager serving a gateway (default: before membership and events)."""

    def make(**overrides: Any) -> RunningServer:
        settings = {"membership_url": membership.url, "events_url": events_upstream.url, "jwt_public_key": jwt_keys[1], "log_json": True,
                    **overrides}
        app = create_app(Settings(**settings))
        server = RunningServer(app)
        server.app = app  # tests reach app.state (the live reader) through it
        return server

    return make


@pytest.fixture(scope="session")
async def gateway(gateway_server) -> str:
    async with gateway_server() as server:
        yield server.url


@pytest.fixture(scope="session")
def graphql(gateway) -> GraphQLClient:
    return GraphQLClient(gateway)


@pytest.fixture(scope="session")
def graphql_at():
    """graphql_at(gateway_url) -> a client for another gateway (one with a broken upstream, say)."""
    return GraphQLClient


@pytest.fixture(scope="session")
def token(jwt_keys):
    """token(role, org=..., juror=...) -> a signed bearer token. ``org`` and ``juror`` may be the gateway's global ids
    (what a test got back from a query): the identity provider puts the services' own ids in tokens."""

    def make(role, *, org: str | None = None, juror: str | None = None, **kwargs) -> str:
        return issue_token(jwt_keys[0], role=role, organisation_id=local_id(org), juror_id=local_id(juror), **kwargs)

    return make


@pytest.fixture(scope="session")
def secretariat(token) -> str:
    return token("secretariat")


REGISTER = """
mutation Register($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) { id name kind country website languages registeredAt }
}
"""


@pytest.fixture(scope="session")
def register(graphql, secretariat):
    """register(name, **fields) -> the organisation as the gateway returns it (registered as secretariat)."""

    async def make(name: str, **fields: Any) -> dict[str, Any]:
        variables = {"input": {"name": name, "kind": "PROCURING", "country": "BE", **fields}}
        body = await graphql(REGISTER, variables, token=secretariat)
        assert "errors" not in body, body
        return body["data"]["registerOrganisation"]

    return make


class LiveSocket:
    """One graphql-transport-ws connection to a gateway: ``async with LiveSocket(url, token) as s: await s.subscribe(query, vars)``."""

    def __init__(self, url: str, token: str | None):
        self.url, self.token = url.replace("http://", "ws://") + "/graphql", token

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.url, subprotocols=["graphql-transport-ws"])
        await self.ws.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {self.token}"} if self.token else {}}))
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def subscribe(self, query: str, variables: dict[str, Any]) -> None:
        await self.ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}))

    async def next(self, timeout: float = 20) -> dict[str, Any]:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def error_code(self, timeout: float = 20) -> str:
        """graphql-transport-ws: "error" for a refused operation, "next" with errors for one that failed while resolving."""
        message = await self.next(timeout)
        if message["type"] == "error":
            return message["payload"][0]["extensions"]["code"]
        assert (await self.next(timeout))["type"] == "complete"  # the failed operation ended: its id is free again
        return message["payload"]["errors"][0]["extensions"]["code"]

    async def data(self, field: str, timeout: float = 20) -> Any:
        message = await self.next(timeout)
        assert message["type"] == "next" and not message["payload"].get("errors"), message
        return message["payload"]["data"][field]


@pytest.fixture(scope="session")
def live_socket():
    return LiveSocket
