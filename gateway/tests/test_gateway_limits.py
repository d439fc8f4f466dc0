"""Every limit has a query that breaks it and gets a clear, coded error; web clients get CORS, gzip and persisted queries."""

from __future__ import annotations

import hashlib

import httpx
import pytest

LIST = "{ organisations(first: 5) { totalCount nodes { id name } } }"


def only_error(body: dict) -> dict:
    [error] = body["errors"]
    return error


async def test_a_too_deep_query_is_refused(gateway_server, graphql_at):
    async with gateway_server(max_query_depth=2) as server:
        error = only_error(await graphql_at(server.url)("{ signatures { nodes { organisation { name } } } }"))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" and "exceeds maximum operation depth of 2" in error["message"]


async def test_too_many_aliases_are_refused(graphql):
    aliases = " ".join(f"a{i}: me {{ role }}" for i in range(31))
    error = only_error(await graphql("{ " + aliases + " }"))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" and "aliases" in error["message"]


async def test_too_many_tokens_are_refused(graphql):
    fields = " ".join("__typename" for _ in range(2100))
    error = only_error(await graphql("{ " + fields + " }"))
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED" and "2000 tokens" in error["message"]


async def test_a_query_over_the_cost_limit_is_refused_with_its_cost(gateway_server, graphql_at):
    expensive = "{ " + " ".join(f"o{i}: organisations(first: 200) {{ nodes {{ id name country website }} }}" for i in range(6)) + " }"
    async with gateway_server(max_query_cost=5000) as server:
        error = only_error(await graphql_at(server.url)(expensive))
        cheap = await graphql_at(server.url)(LIST)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > 5000 and error["extensions"]["maxCost"] == 5000
    assert "errors" not in cheap


async def test_the_rate_limit_counts_per_caller(gateway_server, graphql_at, token):
    async with gateway_server(rate_limit_per_minute=3) as server:
        client = graphql_at(server.url)
        first_three = [await client("{ me { role } }", token=token("secretariat", subject="alice")) for _ in range(3)]
        fourth = await client("{ me { role } }", token=token("secretariat", subject="alice"))
        someone_else = await client("{ me { role } }", token=token("secretariat", subject="bob"))
    assert all("errors" not in body for body in first_three)
    error = only_error(fourth)
    assert error["extensions"]["code"] == "RATE_LIMITED" and error["extensions"]["retryAfterSeconds"] >= 1
    assert "errors" not in someone_else


async def test_production_settings_turn_introspection_and_graphiql_off(gateway_server, graphql_at):
    async with gateway_server(introspection=False, graphiql=False) as server:
        error = (await graphql_at(server.url)("{ __schema { types { name } } }"))["errors"][0]
        async with httpx.AsyncClient() as client:
            ide = await client.get(f"{server.url}/graphql", headers={"Accept": "text/html"})
        still_works = await graphql_at(server.url)("{ me { role } }")
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" and "introspection" in error["message"].lower()
    assert ide.status_code == 404
    assert still_works["data"] == {"me": {"role": "PUBLIC"}}


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
async def test_a_body_over_the_size_limit_is_refused(gateway, chunked):
    body = b'{"query": "{ me { role } }", "variables": {"pad": "' + b"x" * 150_000 + b'"}}'
    content = (part for part in (body[:50_000], body[50_000:])) if chunked else body

    async def stream():
        for part in content:
            yield part

    async with httpx.AsyncClient() as client:
        response = await client.post(f"{gateway}/graphql", content=stream() if chunked else body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_persisted_queries_by_hash(graphql):
    query = "{ me { role subject } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    by_hash = {"persistedQuery": {"version": 1, "sha256Hash": digest}}

    unknown = await graphql.post(None, extensions=by_hash)
    registered = await graphql.post(query, extensions=by_hash)
    known = await graphql.post(None, extensions=by_hash)
    wrong = await graphql.post("{ me { role } }", extensions=by_hash)

    assert only_error(unknown.json())["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json()["data"] == known.json()["data"] == {"me": {"role": "PUBLIC", "subject": "anonymous"}}
    assert only_error(wrong.json())["extensions"]["code"] == "BAD_USER_INPUT"


async def test_cors_for_configured_origins_and_gzip_for_large_answers(gateway_server, register):
    for i in range(30):
        await register(f"Gzip test organisation {i:02d} with a fairly long name")
    async with gateway_server(cors_origins="https://cfict.example.org") as server, httpx.AsyncClient() as client:
        preflight = await client.options(f"{server.url}/graphql", headers={
            "Origin": "https://cfict.example.org", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"})
        stranger = await client.options(f"{server.url}/graphql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        big = await client.post(f"{server.url}/graphql", json={"query": "{ organisations(first: 100) { nodes { id name country } } }"},
                                headers={"Accept-Encoding": "gzip"})
    assert preflight.headers["access-control-allow-origin"] == "https://cfict.example.org"
    assert "access-control-allow-origin" not in stranger.headers
    assert big.headers["content-encoding"] == "gzip" and big.json()["data"]["organisations"]["nodes"]


async def test_me_says_who_the_caller_is(graphql, token, register):
    organisation = await register("Federaal Instituut voor Duurzame Ontwikkeling (FIDO) - me test")
    body = await graphql("{ me { role subject organisationId organisation { name } jurorId } }", token=token("member", org=organisation["id"], subject="m-1"))
    assert body["data"]["me"] == {"role": "MEMBER", "subject": "m-1", "organisationId": organisation["id"],
                                  "organisation": {"name": organisation["name"]}, "jurorId": None}


async def test_the_same_document_is_parsed_and_validated_once(graphql):
    from strawberry.extensions.parser_cache import _get_parse_cache
    from strawberry.extensions.validation_cache import _get_validate_cache

    from gateway.schema import DOCUMENT_CACHE_SIZE

    parse, validate = _get_parse_cache(DOCUMENT_CACHE_SIZE), _get_validate_cache(DOCUMENT_CACHE_SIZE)
    query = "{ me { role } caching: me { subject } }"
    await graphql(query)
    before = parse.cache_info().hits, validate.cache_info().hits
    for _ in range(3):
        assert (await graphql(query))["data"]["me"]["role"] == "PUBLIC"
    # Every repeat is a hit: the limit rules are the same objects from request to request.
    assert (parse.cache_info().hits - before[0], validate.cache_info().hits - before[1]) == (3, 3)
