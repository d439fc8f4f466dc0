"""Pact documents over HTTP on SQLite and PostgreSQL: upload, content-addressed storage, download."""

import hashlib

import pytest
from membership.adapters.orm import document_files, outbox
from servicekit.testing import bearer
from sqlalchemy import func, select

PDF = b"%PDF-1.7 Circular and Fair ICT Pact, June 2021"






def form(**overrides):
    return {"kind": "pact", "version": "2021-06", "language": "en", "title": "Circular and Fair ICT Pact", "published_on": "2021-06-01",
            **overrides}


async def upload(api, token, content=PDF, **overrides):
    files = {"file": ("cfit-pact.pdf", content, "application/pdf")}
    return await api.post("/documents", data=form(**overrides), files=files, headers=bearer(token("secretariat")))


async def count(api, table):
    async with api.runtime.engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(table))


async def test_publishing_stores_the_file_by_its_digest_and_emits_the_event(api, token):
    created = await upload(api, token)
    assert created.status_code == 201, created.text
    doc = created.json()
    assert doc["sha256"] == hashlib.sha256(PDF).hexdigest() and doc["size"] == len(PDF)
    assert (doc["kind"], doc["version"], doc["language"], doc["published_on"]) == ("pact", "2021-06", "en", "2021-06-01")

    assert (await api.get(f"/documents/{doc['id']}")).json() == doc
    async with api.runtime.engine.connect() as conn:
        rows = (await conn.execute(select(outbox.c.type, outbox.c.key))).all()
    assert rows == [("membership.pact_document.published.v1", doc["id"])]


async def test_the_file_downloads_with_its_digest_as_etag(api, token):
    doc = (await upload(api, token)).json()
    download = await api.get(f"/documents/{doc['id']}/file")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["etag"] == f'"{doc["sha256"]}"' and download.headers["content-type"] == "application/pdf"
    assert "cfit-pact.pdf" in download.headers["content-disposition"]
    cached = await api.get(f"/documents/{doc['id']}/file", headers={"If-None-Match": download.headers["etag"]})
    assert cached.status_code == 304 and cached.content == b""


async def test_the_same_file_twice_is_stored_once(api, token):
    english = (await upload(api, token)).json()
    dutch = (await upload(api, token, language="nl", title="Circulair en Fair ICT Pact")).json()
    assert english["sha256"] == dutch["sha256"] and english["id"] != dutch["id"]
    assert await count(api, document_files) == 1
    await upload(api, token, content=b"%PDF letter of support", kind="letter_of_support", title="Letter of support")
    assert await count(api, document_files) == 2


async def test_listing_filters_by_kind_and_language_newest_first(api, token):
    await upload(api, token)
    await upload(api, token, content=b"v2", version="2023-01", published_on="2023-01-15")
    await upload(api, token, content=b"letter", kind="letter_of_support", title="Letter of support")
    pacts = (await api.get("/documents", params={"kind": "pact"})).json()["items"]
    assert [d["version"] for d in pacts] == ["2023-01", "2021-06"]
    assert len((await api.get("/documents")).json()["items"]) == 3
    assert (await api.get("/documents", params={"language": "fr"})).json()["items"] == []


async def test_the_same_edition_twice_is_a_conflict(api, token):
    first = (await upload(api, token)).json()
    again = await upload(api, token, content=b"another scan")
    assert again.status_code == 409 and again.json()["code"] == "DOCUMENT_EXISTS"
    assert first["id"] in again.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"version": "june 2021"}, "version"), ({"kind": "treaty"}, "kind"), ({"language": "es"}, "language"), ({"published_on": "June"}, "published_on")],
)
async def test_invalid_metadata_is_422_naming_the_field(api, token, overrides, field):
    response = await upload(api, token, **overrides)
    assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT"
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_an_empty_or_missing_file_is_refused(api, token):
    empty = await upload(api, token, content=b"")
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "file"
    missing = await api.post("/documents", data=form(), headers=bearer(token("secretariat")))
    assert missing.status_code == 422 and "file" in {e["field"] for e in missing.json()["errors"]}


async def test_only_the_secretariat_or_operators_publish(api, token):
    files = {"file": ("x.pdf", PDF, "application/pdf")}
    member = await api.post("/documents", data=form(), files=files, headers=bearer(token("member", org="00000000-0000-4000-8000-0000000000a1")))
    public = await api.post("/documents", data=form(), files=files)
    operator = await api.post("/documents", data=form(), files=files, headers=bearer(token("operator")))
    assert (member.status_code, public.status_code, operator.status_code) == (403, 401, 201)


async def test_unknown_documents_are_404(api):
    for path in ("/documents/nope", "/documents/nope/file"):
        response = await api.get(path)
        assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"
