"""Odd strings through the gateway, in front of the real membership service on SQLite and on PostgreSQL.

NUL and other control characters, lone surrogates and over-long strings are refused at the edge with
BAD_USER_INPUT naming the field (before, they were INTERNAL: a URL too long upstream, a name SQLite could not
encode, a NUL PostgreSQL refused). Right-to-left marks, emoji and combining characters are text: stored as sent.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership_app
from servicekit.testing import RunningServer

REGISTER = "mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id name } }"
SEARCH = "query($q: String) { organisations(search: $q) { totalCount nodes { name } } }"
LEGITIMATE = "\u200fמרכז\u200e Café e\u0301\u0301 👩🏽‍💻🇧🇪 ﷽"  # RTL and LTR marks, Hebrew, combining accents, emoji, a ligature


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def edge(request, tmp_path_factory, postgres, jwt_keys, gateway_server, graphql_at):
    if request.param == "sqlite":
        database_url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('input-text') / 'm.db'}"
    else:
        database_url = await postgres.create()
    settings = MembershipSettings(database_url=database_url, kafka_bootstrap_servers="127.0.0.1:1", jwt_public_key=jwt_keys[1], log_json=True)
    async with RunningServer(create_membership_app(settings)) as membership, gateway_server(membership_url=membership.url) as gateway:
        yield graphql_at(gateway.url)


def _refused(body: dict) -> list[str]:
    """The fields a BAD_USER_INPUT error names, after checking that it is the only error and nothing ran."""
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return [f["field"] for f in error["extensions"]["fields"]]


def _organisation(name: str, **fields) -> dict:
    return {"input": {"name": name, "kind": "PROCURING", "country": "BE", **fields}}


async def test_a_search_of_64_kib_is_refused_naming_the_field(edge):
    assert _refused(await edge(SEARCH, {"q": "x" * 65_536})) == ["search"]


async def test_a_search_at_the_limit_runs(edge):
    assert (await edge(SEARCH, {"q": "x" * 200}))["data"]["organisations"]["totalCount"] == 0


@pytest.mark.parametrize("name", ["Stad \ud800Gent", "Stad \udfffGent", "\ud83d"], ids=["high", "low", "alone"])
async def test_a_lone_surrogate_in_a_name_is_refused(edge, secretariat, name):
    assert _refused(await edge(REGISTER, _organisation(name), token=secretariat)) == ["input.name"]


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x1f", "\x0b", "\x0c"], ids=["NUL", "SOH", "ESC", "US", "VT", "FF"])
async def test_a_control_character_in_a_name_is_refused(edge, secretariat, control):
    assert _refused(await edge(REGISTER, _organisation(f"Stad{control}Gent"), token=secretariat)) == ["input.name"]


async def test_every_odd_value_is_named_nested_ones_and_list_items_too(edge, secretariat):
    variables = _organisation("Stad\x00Gent", contacts=[{"name": "Ann", "email": "ann@example.org"},
                                                          {"name": "Bob\ud800", "email": "bob@example.org"}])
    assert _refused(await edge(REGISTER, variables, token=secretariat)) == ["input.name", "input.contacts.1.name"]


async def test_literals_in_the_document_and_variable_defaults_are_checked_too(edge, secretariat):
    literal = await edge('{ organisations(search: "a\\u0000b") { totalCount } }')
    default = await edge('query($q: String = "a\\u001bb") { organisations(search: $q) { totalCount } }')
    assert _refused(literal) == ["search"]
    assert _refused(default) == ["search"]


async def test_a_refused_string_in_a_subscription_ends_it_with_bad_user_input(gateway, live_socket):
    async with live_socket(gateway, None) as socket:
        await socket.subscribe("subscription($id: ID!) { eventSeatsChanged(eventId: $id) { id } }", {"id": "e\x00"})
        assert await socket.error_code() == "BAD_USER_INPUT"


async def test_rtl_marks_emoji_and_combining_characters_are_stored_unchanged(edge, secretariat):
    name = f"{LEGITIMATE} {uuid.uuid4().hex[:6]} Gent"
    registered = await edge(REGISTER, _organisation(name), token=secretariat)
    assert "errors" not in registered, registered
    found = await edge(SEARCH, {"q": name})

    assert registered["data"]["registerOrganisation"]["name"] == name
    assert [n["name"] for n in found["data"]["organisations"]["nodes"]] == [name]


async def test_the_json_body_may_carry_the_surrogate_pair_of_an_emoji_as_escapes(edge, secretariat):
    """A paired "\\ud83d\\ude00" is one emoji, not two lone surrogates."""
    name = f"Smile {uuid.uuid4().hex[:6]} \\ud83d\\ude00"
    body = '{"query": %s, "variables": {"input": {"name": "%s", "kind": "PROCURING", "country": "BE"}}}' % (json.dumps(REGISTER), name)
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(edge.url, content=body, headers={"Content-Type": "application/json", "Authorization": f"Bearer {secretariat}"})

    assert response.json()["data"]["registerOrganisation"]["name"].endswith("\U0001F600")
