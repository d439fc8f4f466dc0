"""The circuit breaker per upstream: fail fast after consecutive transport failures, one trial after the cool-down."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx
import pytest
from prometheus_client import REGISTRY
from gateway.clients.breaker import CircuitBreaker
from gateway.clients.membership import MembershipClient
from gateway.errors import UpstreamUnavailable
from servicekit.testing import TcpProxy


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


class Upstream:
    """A transport that is down or answers with a fixed status, counting what reaches it."""

    def __init__(self):
        self.down, self.status, self.calls = True, 200, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(self.status, json={"id": "org-1"} if self.status == 200 else {"code": "UNAVAILABLE"})


@pytest.fixture
def setup():
    upstream, clock = Upstream(), Clock()
    breaker = CircuitBreaker("membership", failures=3, cooldown_seconds=10, clock=clock)
    http = httpx.AsyncClient(transport=httpx.MockTransport(upstream), base_url="http://membership")
    client = MembershipClient(http, token=None, correlation_id="t", breaker=breaker)
    return upstream, clock, breaker, client


async def _reason(client: MembershipClient) -> str | None:
    with pytest.raises(UpstreamUnavailable) as refused:
        await client._call("GET", "/organisations/org-1")
    return refused.value.extensions.get("reason")


def _metric(name: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"upstream": "membership"})


async def test_three_failures_open_the_circuit_and_calls_fail_fast_until_the_cool_down(setup):
    upstream, clock, breaker, client = setup
    opened_before = _metric("pact_gateway_circuit_opened_total")
    assert _metric("pact_gateway_circuit_state") == 0
    assert [await _reason(client) for _ in range(3)] == [None, None, None] and breaker.state == "open"
    assert [await _reason(client) for _ in range(5)] == ["CIRCUIT_OPEN"] * 5
    assert upstream.calls == 3  # the five never reached the service
    assert _metric("pact_gateway_circuit_state") == 2 and _metric("pact_gateway_circuit_opened_total") == opened_before + 1

    upstream.down = False
    clock.now += 9.9
    assert await _reason(client) == "CIRCUIT_OPEN"
    clock.now += 0.1
    assert breaker.state == "half_open" and _metric("pact_gateway_circuit_state") == 1  # read at scrape time
    assert await client._call("GET", "/organisations/org-1") == {"id": "org-1"}  # the one trial call closes it
    assert breaker.state == "closed" and upstream.calls == 4 and _metric("pact_gateway_circuit_state") == 0
    await client._call("GET", "/organisations/org-1")
    assert upstream.calls == 5


async def test_a_failed_trial_opens_the_circuit_for_another_cool_down(setup):
    upstream, clock, breaker, client = setup
    for _ in range(3):
        await _reason(client)
    clock.now += 10
    assert await _reason(client) is None and upstream.calls == 4  # the trial went through, and failed
    assert breaker.state == "open" and await _reason(client) == "CIRCUIT_OPEN"
    clock.now += 10
    upstream.down = False
    await client._call("GET", "/organisations/org-1")
    assert breaker.state == "closed"


async def test_only_one_trial_at_a_time_and_answers_of_any_status_keep_it_closed(setup):
    upstream, clock, breaker, client = setup
    for _ in range(3):
        await _reason(client)
    clock.now += 10
    breaker.before_call()  # a trial under way
    assert await _reason(client) == "CIRCUIT_OPEN"
    breaker.abandoned()  # the trial was cancelled: the next call may try
    upstream.down, upstream.status = False, 503
    assert await _reason(client) == "UNAVAILABLE"  # the service answered: reachable, so closed
    assert breaker.state == "closed"
    upstream.down = True
    for _ in range(2):
        await _reason(client)
    upstream.down = False
    await _reason(client)  # an answer in between resets the count
    upstream.down = True
    await _reason(client)
    assert breaker.state == "closed"


def test_a_breaker_needs_a_threshold_and_a_cool_down():
    with pytest.raises(ValueError):
        CircuitBreaker("membership", failures=0)
    with pytest.raises(ValueError):
        CircuitBreaker("membership", cooldown_seconds=0)


async def test_with_membership_cut_the_rest_of_the_query_answers_and_membership_is_tried_again_after_the_cool_down(
    gateway_server, graphql_at, membership, register, secretariat
):
    organisation = await register("Stad Brugge breaker")
    proxy = await TcpProxy(urlsplit(membership.url).port).start()
    query = "query($org: ID!) { organisation(id: $org) { name } events(first: 1) { totalCount } }"
    try:
        async with gateway_server(membership_url=f"http://127.0.0.1:{proxy.port}", breaker_failures=2, breaker_cooldown_seconds=0.5) as server:
            graphql = graphql_at(server.url)
            assert (await graphql(query, {"org": organisation["id"]}, token=secretariat))["data"]["organisation"]["name"] == "Stad Brugge breaker"
            await proxy.cut()
            answers = [await graphql(query, {"org": organisation["id"]}, token=secretariat) for _ in range(3)]
            await proxy.start()
            still_open = await graphql(query, {"org": organisation["id"]}, token=secretariat)
            await asyncio.sleep(0.6)
            recovered = await graphql(query, {"org": organisation["id"]}, token=secretariat)
    finally:
        await proxy.cut()

    for answer in answers + [still_open]:
        assert answer["data"]["organisation"] is None and isinstance(answer["data"]["events"]["totalCount"], int)
    assert [a["errors"][0]["extensions"] for a in answers] == [
        {"code": "UPSTREAM_UNAVAILABLE"}, {"code": "UPSTREAM_UNAVAILABLE"}, {"code": "UPSTREAM_UNAVAILABLE", "reason": "CIRCUIT_OPEN"}]
    assert still_open["errors"][0]["extensions"]["reason"] == "CIRCUIT_OPEN"
    assert "errors" not in recovered and recovered["data"]["organisation"]["name"] == "Stad Brugge breaker"
