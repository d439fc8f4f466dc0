"""Error codes: upstream failures, broken upstream answers, and requests graphql-core rejects."""

from __future__ import annotations

import socket

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from gateway.app import GatewayRouter
from gateway.context import build_context
from gateway.errors import INTERNAL_MESSAGE, camel_case, from_problem
from gateway.schema import schema
from graphql import GraphQLError
from servicekit.auth import TokenVerifier
from servicekit.testing import RunningServer
from strawberry.types import ExecutionResult

LIST = "{ organisations { totalCount edges { node { name } } } }"
ONE = '{ organisation(id: "some-id") { name } }'
REGISTER = 'mutation { registerOrganisation(input: {name: "Down", kind: PROCURING, country: "BE"}) { id } }'


def answering(status: int, body) -> FastAPI:
    """A stand-in membership that gives every request the same answer."""
    app = FastAPI()

    @app.api_route("/{path:path}", methods=["GET", "POST"])
    async def answer(path: str):
        return JSONResponse(body, status_code=status)

    return app


@pytest.fixture(scope="module")
async def down_gateway(gateway_server) -> str:
    # Bound but never listening: connections are refused, and no other test server can take the port.
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        async with gateway_server(membership_url=f"http://127.0.0.1:{reserved.getsockname()[1]}") as server:
            yield server.url


@pytest.mark.parametrize("operation", [LIST, ONE, REGISTER])
async def test_a_down_service_is_upstream_unavailable(down_gateway, graphql_at, secretariat, operation):
    body = await graphql_at(down_gateway)(operation, token=secretariat)

    [error] = body["errors"]
    assert error["extensions"] == {"code": "UPSTREAM_UNAVAILABLE"}
    assert "membership" in error["message"]


async def test_a_silent_service_times_out_as_upstream_unavailable(gateway_server, graphql_at):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        async with gateway_server(membership_url=url, upstream_timeout_seconds=0.3) as server:
            body = await graphql_at(server.url)(LIST)

    assert [e["extensions"]["code"] for e in body["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert "in time" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (500, {"code": "INTERNAL", "title": "Internal error", "status": 500, "detail": "secret stack detail"}),
        (200, {"items": [{"id": "only-an-id"}], "page_info": {"end_cursor": None, "has_next_page": False}, "total_count": 1}),
        (200, ["not", "a", "page"]),
    ],
    ids=["service-error", "malformed-item", "not-an-object"],
)
async def test_unexpected_answers_are_masked_as_internal(gateway_server, graphql_at, status, answer):
    async with RunningServer(answering(status, answer)) as fake, gateway_server(membership_url=fake.url) as server:
        response = await graphql_at(server.url).post(LIST)

    [error] = response.json()["errors"]
    assert error["message"] == INTERNAL_MESSAGE
    assert error["extensions"] == {"code": "INTERNAL", "requestId": response.headers["X-Correlation-Id"]}
    for leak in ("secret", "KeyError", "only-an-id", "Traceback", "name"):
        assert leak not in response.text


async def test_an_unknown_enum_value_in_variables_is_bad_user_input(graphql):
    body = await graphql("query($kind: OrganisationKind) { organisations(kind: $kind) { totalCount } }", {"kind": "GOVERNMENT"})

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "GOVERNMENT" in error["message"]


async def test_a_missing_input_field_in_variables_is_bad_user_input(graphql, secretariat):
    query = "mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }"

    body = await graphql(query, {"input": {"name": "No kind", "country": "BE"}}, token=secretariat)

    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("{ organisations(kind: GOVERNMENT) { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ organisations { noSuchField } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ organisations { totalCount ", "GRAPHQL_PARSE_FAILED"),
    ],
)
async def test_documents_that_do_not_fit_the_schema(graphql, document, code):
    body = await graphql(document)

    assert [e["extensions"]["code"] for e in body["errors"]] == [code]


@pytest.mark.parametrize(
    ("status", "problem", "extensions"),
    [
        (403, {"code": "FORBIDDEN", "detail": "Role member may not do this."}, {"code": "FORBIDDEN"}),
        (404, {"code": "NOT_FOUND"}, {"code": "NOT_FOUND"}),
        (409, {"code": "ORGANISATION_EXISTS"}, {"code": "CONFLICT", "reason": "ORGANISATION_EXISTS"}),
        (429, None, {"code": "RATE_LIMITED"}),
        (503, {"code": "UNAVAILABLE"}, {"code": "UPSTREAM_UNAVAILABLE", "reason": "UNAVAILABLE"}),
        (405, {"code": "METHOD_NOT_ALLOWED", "detail": "internal"}, {"code": "INTERNAL", "reason": "METHOD_NOT_ALLOWED"}),
        (
            422,
            {"code": "BAD_USER_INPUT", "errors": [{"field": "registered_at", "message": "bad", "type": "x"}]},
            {"code": "BAD_USER_INPUT", "fields": [{"field": "registeredAt", "message": "bad"}]},
        ),
    ],
)
def test_problem_documents_map_to_stable_codes(status, problem, extensions):
    assert from_problem(status, problem, service="membership").extensions == extensions


def test_field_paths_become_camel_case():
    assert camel_case("languages.0") == "languages.0"
    assert camel_case("contact.e_mail_address") == "contact.eMailAddress"


async def test_the_schema_masks_unexpected_errors_without_the_http_layer():
    malformed = {"items": [{"id": "only-an-id"}], "page_info": {"end_cursor": None, "has_next_page": False}, "total_count": 1}
    verifier = TokenVerifier("", issuer="pact-platform", audience="pact-platform", algorithms=["RS256"])
    async with RunningServer(answering(200, malformed)) as fake, httpx.AsyncClient(base_url=fake.url) as http:
        context = build_context(authorization=None, correlation_id="test", verifier=verifier,
                                upstreams=dict.fromkeys(("membership", "events", "awards", "notifications"), http))
        result = await schema.execute(LIST, context_value=context)

    assert [(e.message, e.extensions) for e in result.errors] == [(INTERNAL_MESSAGE, {"code": "INTERNAL"})]


async def test_the_router_masks_errors_that_escaped_the_schema_extensions():
    # strawberry turns an exception raised outside the operation into an error that
    # no extension sees; the router is the last place to catch it.
    escaped = GraphQLError("'NoneType' object has no attribute 'token'", original_error=AttributeError("token"))

    processed = await GatewayRouter(schema).process_result(None, ExecutionResult(data=None, errors=[escaped]))

    assert processed["errors"] == [{"message": INTERNAL_MESSAGE, "extensions": {"code": "INTERNAL", "requestId": None}}]
