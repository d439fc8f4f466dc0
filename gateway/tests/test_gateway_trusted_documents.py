"""Trusted documents: the web site, known by its client secret, runs only its registered operations (sent by hash),
and the rate limit counts each of its visitors. Driven by the site's own GraphQL client (web.gateway)."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
from gateway.trusted_documents import TrustedDocuments
from web.gateway import Gateway, GatewayError
from web.operations import manifest

SECRET = "s3cret-of-the-web-site-0123456789"


@pytest.fixture
def manifest_file(tmp_path):
    path = tmp_path / "trusted.json"
    path.write_text(manifest())
    return str(path)


class Recorded:
    """The site's HTTP client, keeping each body it sends."""

    def __init__(self):
        self.bodies: list[dict] = []

    async def __call__(self, request: httpx.Request) -> None:
        self.bodies.append(json.loads(request.content))


async def test_the_site_runs_its_operations_by_hash_alone(gateway_server, manifest_file):
    recorded = Recorded()
    async with gateway_server(trusted_documents=manifest_file, web_client_secret=SECRET) as server, \
            httpx.AsyncClient(event_hooks={"request": [recorded]}) as http:
        site = Gateway(http, f"{server.url}/graphql", client_secret=SECRET)
        data = await site.run("Events", {"timing": "UPCOMING"}, visitor="203.0.113.7")
    assert data["events"]["totalCount"] >= 0
    assert len(recorded.bodies) == 1 and "query" not in recorded.bodies[0], "the document itself never travels"


async def test_the_site_may_run_nothing_else(gateway_server, manifest_file):
    query = "{ me { role } }"
    async with gateway_server(trusted_documents=manifest_file, web_client_secret=SECRET) as server, httpx.AsyncClient() as http:
        url, as_site = f"{server.url}/graphql", {"X-Pact-Web-Client": SECRET}
        text = (await http.post(url, json={"query": query}, headers=as_site)).json()
        digest = hashlib.sha256(query.encode()).hexdigest()
        by_hash = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        unregistered = (await http.post(url, json={"query": query, "extensions": by_hash}, headers=as_site)).json()
        wrong_secret = (await http.post(url, json={"query": query}, headers={"X-Pact-Web-Client": "guess"})).json()
        anyone = (await http.post(url, json={"query": query})).json()
    assert text["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_TRUSTED"
    assert unregistered["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_TRUSTED"
    assert wrong_secret["data"] == anyone["data"] == {"me": {"role": "PUBLIC"}}, "other clients are untouched"


async def test_the_rate_limit_counts_each_visitor_of_the_site(gateway_server, manifest_file):
    async with gateway_server(trusted_documents=manifest_file, web_client_secret=SECRET, rate_limit_per_minute=2) as server, \
            httpx.AsyncClient() as http:
        site = Gateway(http, f"{server.url}/graphql", client_secret=SECRET)
        for _ in range(2):
            await site.run("Events", {"timing": "UPCOMING"}, visitor="198.51.100.1")
        with pytest.raises(GatewayError) as limited:
            await site.run("Events", {"timing": "UPCOMING"}, visitor="198.51.100.1")
        other_visitor = await site.run("Events", {"timing": "UPCOMING"}, visitor="198.51.100.2")
        # Without the site's secret the header is not believed: the caller's own address counts.
        impostor = Gateway(http, f"{server.url}/graphql")
        await impostor.run("Events", {"timing": "UPCOMING"}, visitor="10.0.0.1")
        await impostor.run("Events", {"timing": "UPCOMING"}, visitor="10.0.0.2")
        with pytest.raises(GatewayError) as not_believed:
            await impostor.run("Events", {"timing": "UPCOMING"}, visitor="10.0.0.3")
    assert limited.value.code == "RATE_LIMITED" and "events" in other_visitor
    assert not_believed.value.code == "RATE_LIMITED"


def test_a_manifest_whose_hashes_do_not_match_is_refused(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"0" * 64: "{ me { role } }"}))
    with pytest.raises(ValueError, match="does not hash"):
        TrustedDocuments.from_settings(str(path), SECRET)
