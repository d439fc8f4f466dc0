"""registerOrganisation through the gateway: who may call it, and how refusals come back."""

from __future__ import annotations

import uuid

import pytest
from servicekit.auth import generate_keypair, issue_token

REGISTER = """
mutation Register($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) { id name kind country website languages registeredAt }
}
"""
PUBLIC_QUERY = "{ organisations(first: 1) { totalCount } }"


def org_input(**fields) -> dict:
    return {"input": {"name": f"Register {uuid.uuid4().hex[:8]}", "kind": "SUPPORTING", "country": "nl", **fields}}


@pytest.mark.parametrize("role", ["secretariat", "operator"])
async def test_secretariat_and_operators_register_organisations(graphql, token, role):
    variables = org_input(website="https://example.org", languages=["FR", "EN"])

    body = await graphql(REGISTER, variables, token=token(role))

    org = body["data"]["registerOrganisation"]
    assert "errors" not in body
    assert org["name"] == variables["input"]["name"]
    assert (org["kind"], org["country"], org["languages"]) == ("SUPPORTING", "NL", ["FR", "EN"])
    assert org["website"].startswith("https://example.org")
    found = await graphql("query($id: ID!) { organisation(id: $id) { name } }", {"id": org["id"]})
    assert found["data"]["organisation"]["name"] == org["name"]


async def test_languages_default_to_english(graphql, secretariat):
    body = await graphql(REGISTER, org_input(), token=secretariat)

    assert body["data"]["registerOrganisation"]["languages"] == ["EN"]


async def test_invalid_fields_are_bad_user_input_with_each_field(graphql, secretariat):
    body = await graphql(REGISTER, org_input(country="XX", website="not a web address"), token=secretariat)

    [error] = body["errors"]
    assert body["data"] is None
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    fields = {f["field"]: f["message"] for f in error["extensions"]["fields"]}
    assert set(fields) == {"country", "website"}
    assert "ISO 3166-1" in fields["country"]


async def test_a_taken_name_is_a_conflict_with_the_service_reason(graphql, secretariat):
    variables = org_input()
    await graphql(REGISTER, variables, token=secretariat)

    body = await graphql(REGISTER, {"input": {**variables["input"], "name": variables["input"]["name"].upper()}}, token=secretariat)

    [error] = body["errors"]
    assert error["extensions"] == {"code": "CONFLICT", "reason": "ORGANISATION_EXISTS"}
    assert error["path"] == ["registerOrganisation"]


async def test_without_a_token_it_is_unauthenticated_and_membership_is_not_called(graphql, membership):
    before = len(membership.organisation_calls())

    body = await graphql(REGISTER, org_input())

    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert len(membership.organisation_calls()) == before


async def test_a_member_is_forbidden(graphql, token):
    body = await graphql(REGISTER, org_input(), token=token("member", org="00000000-0000-4000-8000-0000000000a1"))

    [error] = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "secretariat" in error["message"]


@pytest.mark.parametrize("authorization", ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer"])
async def test_a_refused_token_fails_even_public_queries(graphql, authorization):
    body = await graphql(PUBLIC_QUERY, headers={"Authorization": authorization})

    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_from_another_issuer_key_is_refused(graphql):
    foreign = issue_token(generate_keypair()[0], role="secretariat")

    body = await graphql(REGISTER, org_input(), token=foreign)

    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_the_services_own_refusal_comes_through(gateway_server, graphql_at):
    # A gateway that trusts a key membership does not: membership refuses the token,
    # and its 401 reaches the client as UNAUTHENTICATED just the same.
    private, public = generate_keypair()
    async with gateway_server(jwt_public_key=public) as server:
        body = await graphql_at(server.url)(REGISTER, org_input(), token=issue_token(private, role="secretariat"))

    [error] = body["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert "refused" in error["message"]
