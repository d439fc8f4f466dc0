"""Odd strings in every string argument and input field of every query and mutation of the live gateway, with
the secretariat's token, on SQLite and on PostgreSQL: never an INTERNAL error, never a 5xx.

The table is generated from the schema the gateway serves: for each position of type String or ID (input
objects and lists walked down, list items at index 0), one operation with that position holding the odd string
and every other required argument a plausible value. Strings the gateway refuses at the edge (control
characters, lone surrogates, over-long) must come back as BAD_USER_INPUT naming exactly that position; the rest
(right-to-left marks, emoji, combining characters, URL syntax, empty) go to the services, which must cope.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gateway.schema import schema as gateway_schema
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
    is_required_argument,
    is_required_input_field,
)

REFUSED = {
    "very long": "x" * 65_537,
    "NUL": "Stad\x00Gent",
    "escape sequence": "\x1b[31mred\x1b[0m",
    "lone high surrogate": "Stad \ud800",
    "lone low surrogate": "\udc00 Gent",
}
ACCEPTED = {
    "right-to-left marks": "\u202egnp.exe\u202c \u200fשלום\u200e",
    "emoji": "👩🏽‍💻 🇧🇪 😀",
    "combining characters": "Ze\u0301\u0301\u0301lzate Z\u0335\u0321\u0327algo",
    "wide characters at length 200": "😀" * 200,
    "URL syntax": "../%00/a b?c=d#e",
    "empty": "",
}
# The gateway lets these through (free text may hold tab, newline and return); the services refuse them in one-line
# fields and DEL and C1 controls everywhere (servicekit.inputs), as BAD_USER_INPUT, so few operations run through.
REFUSED_BY_SERVICES = {
    "tab, newline, return, DEL and C1": "a\tb\nc\rd\x7fe\x85f",
}
SAMPLES = {"String": "Fair ICT", "ID": "0b9c8a4e-3f1d-4c7a-9e2b-5d6f7a8b9c0d", "Int": 1, "Float": 1.0, "Boolean": False,
           "Date": "2030-03-04", "DateTime": "2030-03-04T10:00:00+00:00", "JSON": {}}
# By argument or input field name, so that what is not fuzzed passes the services' own checks.
SAMPLES_BY_NAME = {"name": lambda: f"Fuzz {uuid.uuid4().hex[:10]}", "consent": True, "email": "fuzz@example.org", "url": "https://example.org/hook", "website": "https://example.org", "links": "https://example.org",
                   "joinUrl": "https://meet.example.org/j/1", "country": "BE", "startsAt": "2030-03-04T10:00:00", "endsAt": "2030-03-04T12:00:00",
                   "eventTypes": "membership.signature.recorded.v1"}
SAMPLES_BY_INPUT = {"CreateEventInput": {"kind": "WEBINAR", "joinUrl": "https://meet.example.org/j/1"}}  # its first kind needs a venue
ORGANISATION_IDS = {"organisationId", "coordinatorOrganisationId", "personOrganisationId", "nomineeId", "organiserId", "organiserIds"}
CONCURRENCY = 4

SCHEMA = gateway_schema._schema


def _unwrap(type_: GraphQLInputType) -> GraphQLInputType:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def sample(type_: GraphQLInputType, name: str = "", ids: dict[str, str] | None = None) -> Any:
    """A plausible value for an argument or input field ``name``: required input fields filled, optional ones left out.

    ``ids`` holds real ids by kind (``organisation``, ``event``, ``id``: the one the root field is about).
    """
    type_, ids = _unwrap(type_), ids or {}
    if isinstance(type_, GraphQLList):
        return [sample(type_.of_type, name, ids)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        required = {field_name: sample(field.type, field_name, ids) for field_name, field in type_.fields.items() if is_required_input_field(field)}
        return {**required, **SAMPLES_BY_INPUT.get(type_.name, {})}
    if type_.name == "ID":
        kind = "organisation" if name in ORGANISATION_IDS else "event" if name == "eventId" else name
        return ids.get(kind, SAMPLES["ID"])
    value = SAMPLES_BY_NAME.get(name, SAMPLES[type_.name])
    return value() if callable(value) else value


def with_value(type_: GraphQLInputType, path: list, value: str, ids: dict[str, str]) -> Any:
    """A plausible value of ``type_`` holding ``value`` at ``path``."""
    type_ = _unwrap(type_)
    if not path:
        return value
    if isinstance(type_, GraphQLList):
        return [with_value(type_.of_type, path[1:], value, ids)]
    filled = sample(type_, ids=ids)
    filled[path[0]] = with_value(type_.fields[path[0]].type, path[1:], value, ids)
    return filled


def string_positions(type_: GraphQLInputType, path: list, seen: frozenset[str]) -> Iterator[list]:
    type_ = _unwrap(type_)
    if isinstance(type_, GraphQLList):
        yield from string_positions(type_.of_type, [*path, 0], seen)
    elif isinstance(type_, GraphQLScalarType) and type_.name in ("String", "ID"):
        yield path
    elif isinstance(type_, GraphQLInputObjectType) and type_.name not in seen:
        for name, field in type_.fields.items():
            yield from string_positions(field.type, [*path, name], seen | {type_.name})


def operations() -> Iterator[tuple[str, str, list]]:
    """(operation type, root field, path of a string position) for every string position of every query and mutation."""
    for operation, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        for field_name, field in root.fields.items():
            for argument_name, argument in field.args.items():
                for path in string_positions(argument.type, [argument_name], frozenset()):
                    yield operation, field_name, path


def request_body(operation: str, field_name: str, path: list, value: str, ids: dict[str, str] | None = None) -> dict:
    """The operation, with real ids where the seeded objects fit: ``id`` is the organisation's or event's when the field returns one."""
    root = SCHEMA.query_type if operation == "query" else SCHEMA.mutation_type
    field = root.fields[field_name]
    ids = dict(ids or {})
    about = {"Organisation": "organisation", "Event": "event"}.get(get_named_type(field.type).name)
    if about in ids:
        ids["id"] = ids[about]
    arguments = {name: argument for name, argument in field.args.items() if name == path[0] or is_required_argument(argument)}
    variables = {name: with_value(argument.type, path[1:], value, ids) if name == path[0] else sample(argument.type, name, ids)
                 for name, argument in arguments.items()}
    definitions = ", ".join(f"${name}: {argument.type}" for name, argument in arguments.items())
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    selection = "" if isinstance(get_named_type(field.type), (GraphQLScalarType, GraphQLEnumType)) else " { __typename }"
    document = f"{operation} Fuzz({definitions}) {{ {field_name}({passed}){selection} }}"
    return {"query": document, "variables": variables}


ENDINGS = ("archive", "cancel", "withdraw", "reject", "remove")  # operations after which the seeded objects take no changes
TABLE = sorted(operations(), key=lambda position: position[1].startswith(ENDINGS))
FINAL = sum(1 for position in TABLE if not position[1].startswith(ENDINGS))


def test_the_table_covers_every_string_argument():
    """Guards the generator: the positions the issue names are in it, and there are many."""
    positions = {(field, ".".join(map(str, path))) for _, field, path in TABLE}
    assert {("organisations", "search"), ("registerOrganisation", "input.name"), ("registerOrganisation", "input.contacts.0.name"),
            ("nodes", "ids.0"), ("createEvent", "input.sessions.0.speakers.0.name"), ("register", "input.email")} <= positions
    assert len(TABLE) > 120


async def _gql(client: httpx.AsyncClient, url: str, token: str, document: str, variables: dict) -> dict:
    response = await client.post(url, json={"query": document, "variables": variables}, headers={"Authorization": f"Bearer {token}"})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
async def seeded(fuzz_stack, token) -> dict[str, str]:
    """A fresh organisation and published event for each run, so that operations on an id reach the strings they carry."""
    url, secretariat = f"{fuzz_stack['gateway']}/graphql", token("secretariat")
    async with httpx.AsyncClient(timeout=60) as client:
        organisation = await _gql(client, url, secretariat, "mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }",
                                  {"i": {"name": f"Fuzz organisation {uuid.uuid4().hex[:10]}", "kind": "PROCURING", "country": "BE"}})
        event = await _gql(client, url, secretariat, "mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }", {"i": {
            "kind": "WEBINAR", "titles": [{"language": "EN", "text": "Fuzz webinar"}], "startsAt": "2030-03-04T10:00:00",
            "endsAt": "2030-03-04T12:00:00", "joinUrl": "https://meet.example.org/j/1", "capacity": 100_000}})
        await _gql(client, url, secretariat, "mutation($id: ID!) { publishEvent(id: $id) { id } }", {"id": event["createEvent"]["id"]})
    return {"organisation": organisation["registerOrganisation"]["id"], "event": event["createEvent"]["id"]}


async def _check(client: httpx.AsyncClient, url: str, token: str, kind: str, value: str, position, ids) -> tuple[str | None, list]:
    """(what is wrong or None, the error codes) for one position holding one odd string."""
    operation, field_name, path = position
    body = request_body(operation, field_name, path, value, ids)
    response = await client.post(url, content=json.dumps(body), headers={"Content-Type": "application/json",
                                                                          "Authorization": f"Bearer {token}"})
    where = f"{field_name}({'.'.join(map(str, path))}) with {kind}"
    if response.status_code >= 500:
        return f"{where}: HTTP {response.status_code} {response.text[:200]}", []
    errors = response.json().get("errors") or []
    codes = [(e.get("extensions") or {}).get("code") for e in errors]
    if None in codes or "INTERNAL" in codes:
        return f"{where}: {errors}", codes
    if {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"} & set(codes):
        return f"{where}: the generated operation is not valid: {errors}", codes
    if kind in REFUSED:
        named = [f["field"] for e in errors for f in (e.get("extensions") or {}).get("fields", [])]
        if codes != ["BAD_USER_INPUT"] or named != [".".join(map(str, path))]:
            return f"{where}: expected BAD_USER_INPUT naming it, got {errors}", codes
    return None, codes


@pytest.mark.parametrize("kind", [*REFUSED, *ACCEPTED, *REFUSED_BY_SERVICES])
async def test_odd_strings_in_every_string_argument_never_fail_internally(fuzz_stack, seeded, token, kind):
    value = {**REFUSED, **ACCEPTED, **REFUSED_BY_SERVICES}[kind]
    secretariat, url = token("secretariat"), f"{fuzz_stack['gateway']}/graphql"
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(client, position):
        async with limit:
            return await _check(client, url, secretariat, kind, value, position, seeded)

    async with httpx.AsyncClient(timeout=60) as client:
        results = []
        for phase in (TABLE[:FINAL], TABLE[FINAL:]):  # archiving or cancelling the seeded objects comes last
            results += await asyncio.gather(*(one(client, p) for p in phase))
    failures = [failure for failure, _ in results if failure]
    answered = sum(1 for _, codes in results if not codes)  # ran through to a service without an error

    assert not failures, f"{len(failures)} of {len(TABLE)} positions:\n" + "\n".join(failures[:40])
    # Most positions end in NOT_FOUND, FORBIDDEN or the services' BAD_USER_INPUT, as they should (an odd id, cursor or
    # e-mail address; webhooks, nominations and ballots are other roles'); about 35 store or find the odd string.
    # Far fewer means the generated operations no longer reach the services.
    if kind in ACCEPTED:
        assert answered >= 25, f"only {answered} of {len(TABLE)} operations ran without an error: the fuzz hardly reaches the services"
