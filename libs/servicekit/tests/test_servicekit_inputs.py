"""The input types every service's request models use: what they refuse, naming the field, and what they keep unchanged."""

from __future__ import annotations

import base64
import json
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Query
from pydantic import BaseModel, Field
from servicekit.errors import ProblemError, install_problem_handlers
from servicekit.inputs import (
    Day, Key, LocalMoment, Moment, Name, QueryFlag, SearchTerm, StrictBool, StrictInt, Text, refuse_unstorable_path_params,
)
from servicekit.pagination import decode_cursor, encode_cursor

RTL_EMOJI_COMBINING = "\u200fשלום \u202bمرحبا\u202c 👩🏽‍💻 e\u0301 ﷺ"


class Thing(BaseModel):
    name: Name
    note: Text = ""
    key: Key | None = None
    at: Moment | None = None
    local: LocalMoment | None = None
    on: Day | None = None
    flag: StrictBool = False
    count: Annotated[StrictInt, Field(ge=0, le=10)] = 0
    titles: dict[str, Name] = {}


router = APIRouter()


@router.post("/things")
async def create(body: Thing) -> dict:
    return body.model_dump(mode="json")


@router.get("/things/{thing_id}")
async def search(thing_id: str, q: Annotated[SearchTerm | None, Query()] = None, archived: Annotated[QueryFlag, Query()] = False) -> dict:
    return {"thing_id": thing_id, "q": q, "archived": archived}


@pytest.fixture
async def client():
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router, dependencies=[Depends(refuse_unstorable_path_params)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c:
        yield c


def refused_field(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "BAD_USER_INPUT"
    (error,) = problem["errors"]
    return error["field"]


@pytest.mark.parametrize("raw", [
    b'{"name": "a\\u0000b"}',  # NUL, as a JSON escape
    b'{"name": "a\\ud800b"}',  # a lone surrogate, as a JSON escape
    b'{"name": "a\xed\xa0\x80b"}',  # the same surrogate as raw bytes: json.loads decodes them with surrogatepass
    b'{"name": "line\\nbreak"}',  # a name is one line
    b'{"name": "bell\\u0007"}',
    b'{"name": "c1\\u0085"}',
    b'{"name": "   "}',
    b'{"name": "' + b"x" * 201 + b'"}',
])
async def test_a_bad_name_is_422_naming_the_field(client, raw):
    response = await client.post("/things", content=raw, headers={"Content-Type": "application/json"})
    assert refused_field(response) == "name"


async def test_nested_and_free_text_fields_are_named(client):
    assert refused_field(await client.post("/things", json={"name": "ok", "titles": {"nl": "a\x00"}})) == "titles.nl"
    assert refused_field(await client.post("/things", json={"name": "ok", "note": "x\x1b[31m"})) == "note"
    assert refused_field(await client.post("/things", json={"name": "ok", "note": "x" * 4001})) == "note"


async def test_legit_unicode_and_free_text_whitespace_are_kept_unchanged(client):
    note = "first line\r\n\tsecond line " + RTL_EMOJI_COMBINING
    response = await client.post("/things", json={"name": RTL_EMOJI_COMBINING, "note": note, "titles": {"ar": RTL_EMOJI_COMBINING}})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == RTL_EMOJI_COMBINING and response.json()["note"] == note
    assert response.json()["titles"] == {"ar": RTL_EMOJI_COMBINING}


@pytest.mark.parametrize(("field", "value"), [
    ("at", 0), ("at", "0"), ("at", 1700000000), ("at", "2026-05-04T09:30:00"), ("at", "2026-05-04"), ("at", "1544-05-04T09:30:00Z"),
    ("at", "2101-01-01T00:00:00Z"), ("at", "\u0662\u0660\u0662\u0666-05-04T09:30:00Z"), ("local", 0), ("local", "1544-06-01T10:00"), ("on", 0), ("on", "2026-05-04T00:00:00"),
    ("on", "1899-12-31"), ("flag", "yes"), ("flag", 1), ("flag", "true"), ("count", True), ("count", 3.0), ("count", "3"),
])
async def test_lax_values_are_refused(client, field, value):
    assert refused_field(await client.post("/things", json={"name": "ok", field: value})) == field


async def test_strict_values_are_read_as_written(client):
    body = {"name": "ok", "at": "2026-05-04T09:30:00+02:00", "local": "2026-05-04T09:30:00", "on": "1990-02-01", "flag": True, "count": 3}
    response = await client.post("/things", json=body)
    assert response.status_code == 200, response.text
    assert response.json() | body == response.json()
    assert (await client.post("/things", json={"name": "ok", "at": "2000-01-01T00:00:00Z"})).status_code == 200


async def test_query_parameters_and_path_segments_are_checked_too(client):
    assert refused_field(await client.get("/things/x", params={"q": "a\x00"})) == "q"
    assert refused_field(await client.get("/things/x", params={"q": "x" * 201})) == "q"
    assert refused_field(await client.get("/things/x", params={"archived": "1"})) == "archived"
    assert refused_field(await client.get("/things/a%00b")) == "thing_id"
    assert refused_field(await client.get("/things/a%07b")) == "thing_id"
    ok = await client.get("/things/x", params={"q": RTL_EMOJI_COMBINING, "archived": "true"})
    assert ok.json() == {"thing_id": "x", "q": RTL_EMOJI_COMBINING, "archived": True}


def test_a_forged_cursor_cannot_carry_nul_or_a_surrogate():
    assert decode_cursor(encode_cursor("2026-01-01", "id-1"), size=2) == ("2026-01-01", "id-1")
    for values in (["2026-01-01", "a\x00"], ["\ud800", "x"]):
        forged = base64.urlsafe_b64encode(json.dumps(values).encode()).decode()
        with pytest.raises(ProblemError) as refused:
            decode_cursor(forged, size=2)
        assert refused.value.problem.status == 422 and refused.value.problem.errors[0].field == "after"


def test_the_openapi_document_states_the_rule():
    schema = Thing.model_json_schema()["properties"]
    assert schema["name"]["pattern"] == "^[^\\x00-\\x1f\\x7f-\\x9f]*$" and schema["name"]["maxLength"] == 200
    assert schema["note"]["pattern"] == "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"
