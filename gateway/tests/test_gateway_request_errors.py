"""Requests that are not GraphQL requests, sent with a raw HTTP client: coded GraphQL errors, never plain text.

GraphQL over HTTP: no ``data`` entry, a 4xx status (405 with ``Allow: POST`` for a mutation over GET, 415 for a body
that is not JSON), and ``application/graphql-response+json`` to a client that asks for it.
"""

from __future__ import annotations

import httpx
import pytest

MUTATION = 'mutation { archiveOrganisation(id: "x", reason: "r") { id } }'

NOT_GRAPHQL = {
    "body not JSON": ("POST", {"content": b'{"query": "{ __typename }"', "headers": {"Content-Type": "application/json"}}, 400),
    "query missing": ("POST", {"json": {"variables": {}}}, 400),
    "query null": ("POST", {"json": {"query": None}}, 400),
    "query empty": ("POST", {"json": {"query": ""}}, 400),
    "query not a string": ("POST", {"json": {"query": 1}}, 400),
    "query a list": ("POST", {"json": {"query": ["{ __typename }"]}}, 400),
    "variables not an object": ("POST", {"json": {"query": "{ __typename }", "variables": [1]}}, 400),
    "a batch": ("POST", {"json": [{"query": "{ __typename }"}]}, 400),
    "GET without a query": ("GET", {}, 400),
    "GET with variables not JSON": ("GET", {"params": {"query": "{ __typename }", "variables": "{nope"}}, 400),
    "mutation over GET": ("GET", {"params": {"query": MUTATION}}, 405),
    "body not JSON at all": ("POST", {"content": b"{ __typename }", "headers": {"Content-Type": "application/graphql"}}, 415),
    "form body": ("POST", {"data": {"query": "{ __typename }"}}, 415),
}


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json, application/json;q=0.9"])
@pytest.mark.parametrize("case", NOT_GRAPHQL)
async def test_a_request_that_is_not_graphql_gets_a_coded_graphql_error(gateway, case, accept):
    method, request, status = NOT_GRAPHQL[case]
    request = {**request, "headers": {"Accept": accept, **request.get("headers", {})}}
    async with httpx.AsyncClient(base_url=gateway) as client:
        response = await client.request(method, "/graphql", **request)

    assert response.status_code == status, response.text
    expected_type = "application/graphql-response+json" if accept.startswith("application/graphql-response+json") else "application/json"
    assert response.headers["Content-Type"].split(";")[0] == expected_type
    body = response.json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["message"] and error["extensions"] == {"code": "BAD_REQUEST", "requestId": response.headers["X-Correlation-Id"]}
    if status == 405:
        assert response.headers["Allow"] == "POST"


async def test_a_query_over_get_still_runs(gateway):
    async with httpx.AsyncClient(base_url=gateway) as client:
        response = await client.get("/graphql", params={"query": "{ __typename }"}, headers={"Accept": "application/json"})

    assert (response.status_code, response.json()) == (200, {"data": {"__typename": "Query"}})


async def test_the_graphiql_page_when_turned_off_is_a_coded_not_found(gateway_server):
    async with gateway_server(graphiql=False) as server, httpx.AsyncClient(base_url=server.url) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
