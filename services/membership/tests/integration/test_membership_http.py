"""Membership's HTTP API on SQLite and PostgreSQL, migrated by its own Alembic revisions."""

import pytest
from membership.adapters.orm import outbox
from servicekit.testing import bearer
from sqlalchemy import func, select

FIDO = {"name": "Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", "kind": "coordinating", "country": "BE", "languages": ["nl", "fr"]}






async def test_registering_an_organisation_stores_it_and_its_event_in_one_transaction(api, token):
    created = await api.post("/organisations", json={**FIDO, "website": "https://www.fido.be"}, headers=bearer(token("secretariat")))
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["country"] == "BE" and org["registered_at"].endswith("Z")

    fetched = await api.get(f"/organisations/{org['id']}")
    assert fetched.json() == {**org, "contacts": None}  # the public never sees contacts
    async with api.runtime.engine.connect() as conn:
        rows = (await conn.execute(select(outbox.c.type, outbox.c.key, outbox.c.sent_at))).all()
    assert rows == [("membership.organisation.registered.v1", org["id"], None)]


async def test_listing_filters_searches_and_pages_with_cursors(api, token):
    names = ["TCO Development", "Electronics Watch", "Global Electronics Council", "Vlaamse overheid"]
    for name in names:
        kind = "coordinating" if name == "Vlaamse overheid" else "supporting"
        response = await api.post("/organisations", json={"name": name, "kind": kind, "country": "BE"}, headers=bearer(token("secretariat")))
        assert response.status_code == 201

    first = (await api.get("/organisations", params={"kind": "supporting", "first": 2})).json()
    assert [o["name"] for o in first["items"]] == ["Electronics Watch", "Global Electronics Council"]
    assert first["total_count"] == 3 and first["page_info"]["has_next_page"]
    rest = (await api.get("/organisations", params={"kind": "supporting", "first": 2, "after": first["page_info"]["end_cursor"]})).json()
    assert [o["name"] for o in rest["items"]] == ["TCO Development"] and not rest["page_info"]["has_next_page"]

    found = (await api.get("/organisations", params={"q": "electronics"})).json()
    assert {o["name"] for o in found["items"]} == {"Electronics Watch", "Global Electronics Council"}
    by_ids = (await api.get("/organisations", params={"ids": [first["items"][0]["id"], "unknown"]})).json()
    assert [o["name"] for o in by_ids["items"]] == ["Electronics Watch"]


async def test_invalid_organisation_gives_422_with_every_field_error(api, token):
    bad = {"name": "", "kind": "ngo", "country": "ZZ", "website": "not a url", "languages": ["es"]}
    response = await api.post("/organisations", json=bad, headers=bearer(token("secretariat")))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "BAD_USER_INPUT"
    assert {e["field"] for e in problem["errors"]} >= {"name", "kind", "country", "website", "languages.0"}


@pytest.mark.parametrize("body", ["not json", "[]", '{"name": 5}'])
async def test_malformed_bodies_are_422_not_500(api, token, body):
    response = await api.post("/organisations", content=body, headers={**bearer(token("secretariat")), "content-type": "application/json"})
    assert response.status_code == 422
    assert "Traceback" not in response.text


async def test_the_same_name_twice_is_a_conflict(api, token):
    assert (await api.post("/organisations", json=FIDO, headers=bearer(token("secretariat")))).status_code == 201
    again = await api.post("/organisations", json={**FIDO, "name": FIDO["name"].upper()}, headers=bearer(token("secretariat")))
    assert again.status_code == 409 and again.json()["code"] == "ORGANISATION_EXISTS"


async def test_unknown_ids_and_bad_cursors(api):
    missing = await api.get("/organisations/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    bad_cursor = await api.get("/organisations", params={"after": "garbage!"})
    assert bad_cursor.status_code == 422 and bad_cursor.json()["errors"][0]["field"] == "after"


@pytest.mark.parametrize(
    ("make_token", "status", "code"),
    [
        (lambda token: None, 401, "UNAUTHENTICATED"),
        (lambda token: "not-a-jwt", 401, "UNAUTHENTICATED"),
        (lambda token: token("secretariat", ttl_seconds=-60), 401, "UNAUTHENTICATED"),
        (lambda token: token("secretariat", audience="someone-else"), 401, "UNAUTHENTICATED"),
        (lambda token: token("member", org="00000000-0000-4000-8000-0000000000a1"), 403, "FORBIDDEN"),
        (lambda token: token("juror", juror="00000000-0000-4000-8000-0000000000b1"), 403, "FORBIDDEN"),
    ],
)
async def test_writes_need_a_valid_secretariat_token(api, token, make_token, status, code):
    value = make_token(token)
    response = await api.post("/organisations", json=FIDO, headers=bearer(value) if value else {})
    assert (response.status_code, response.json()["code"]) == (status, code)
    async with api.runtime.engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(outbox)) == 0


async def test_health_reports_the_broker_it_cannot_reach(api):
    assert (await api.get("/health/live")).status_code == 200
    ready = await api.get("/health/ready")
    assert ready.status_code == 503 and ready.json()["checks"]["database"] == "ok"
