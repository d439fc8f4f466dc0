"""The gateway's plain HTTP side: health, GraphiQL, and what it forwards to the services."""

from __future__ import annotations

import socket
import uuid

import httpx


async def test_live_and_ready_when_membership_answers(gateway):
    async with httpx.AsyncClient(base_url=gateway) as client:
        live = await client.get("/health/live")
        ready = await client.get("/health/ready")

    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "checks": {"membership": "ok"}})


async def test_not_ready_while_membership_is_down(gateway_server):
    with socket.socket() as reserved:  # bound, never listening: refused, and no other server can take it
        reserved.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{reserved.getsockname()[1]}"
        async with gateway_server(membership_url=down) as server, httpx.AsyncClient(base_url=server.url) as client:
            live = await client.get("/health/live")
            ready = await client.get("/health/ready")

    assert live.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["checks"]["membership"].startswith("unreachable")


async def test_graphiql_is_served(gateway):
    async with httpx.AsyncClient(base_url=gateway) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_forwards_the_callers_token_and_correlation_id(graphql, membership, secretariat):
    correlation_id = f"test-{uuid.uuid4()}"
    before = len(membership.organisation_calls())

    response = await graphql.post(
        "{ organisations(first: 1) { totalCount } }", token=secretariat, headers={"X-Correlation-Id": correlation_id}
    )

    [call] = membership.organisation_calls()[before:]
    assert call.headers["x-correlation-id"] == correlation_id
    assert call.headers["authorization"] == f"Bearer {secretariat}"
    assert response.headers["X-Correlation-Id"] == correlation_id


async def test_makes_up_a_correlation_id_and_sends_no_token_for_public_callers(graphql, membership):
    before = len(membership.organisation_calls())

    response = await graphql.post("{ organisations(first: 1) { totalCount } }")

    [call] = membership.organisation_calls()[before:]
    assert "authorization" not in call.headers
    assert call.headers["x-correlation-id"] == response.headers["X-Correlation-Id"]
    assert uuid.UUID(call.headers["x-correlation-id"])
