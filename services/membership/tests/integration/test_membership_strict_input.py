"""Odd input at membership's HTTP edge, on SQLite and PostgreSQL: a clean 422 naming the field, never a 5xx;
legit Unicode stored unchanged; strict dates and flags; responses as the OpenAPI document says (checked by schemathesis)."""

import json

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import content_type_conformance
from servicekit.testing import bearer

RTL_EMOJI = "\u200fمنظمة الشراء \U0001F33F Café\u0301 \u05d0"
NUL, SURROGATE = "a\x00b", "a\ud800b"


def raw_json(body: dict) -> bytes:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client's JSON encoder would.
    return json.dumps(body).encode()


async def post(api, token, path, body):
    headers = {**bearer(token("secretariat")), "Content-Type": "application/json"}
    return await api.post(path, content=raw_json(body), headers=headers)


def refused(response, field):
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "BAD_USER_INPUT" and response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in problem["errors"]], problem


async def organisation(api, token, **overrides):
    response = await post(api, token, "/organisations", {"name": "FIDO", "kind": "coordinating", "country": "BE", **overrides})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("name", [NUL, SURROGATE, "x" * 201, "tab\tin a name"])
async def test_a_bad_organisation_name_is_422_naming_it(api, token, name):
    refused(await post(api, token, "/organisations", {"name": name, "kind": "coordinating", "country": "BE"}), "name")


@pytest.mark.parametrize(("body", "field"), [
    ({"names": {"fr": NUL}}, "names.fr"),
    ({"contacts": [{"name": SURROGATE, "email": "a@b.org", "language": "nl"}]}, "contacts.0.name"),
    ({"contacts": [{"name": "Kim", "email": "kim\x00@b.org", "language": "nl"}]}, "contacts.0.email"),
])
async def test_nested_names_are_checked_too(api, token, body, field):
    refused(await post(api, token, "/organisations", {"name": "FIDO", "kind": "coordinating", "country": "BE", **body}), field)


async def test_right_to_left_marks_emoji_and_combining_characters_are_stored_unchanged(api, token):
    created = await organisation(api, token, name=RTL_EMOJI, names={"fr": RTL_EMOJI})
    fetched = (await api.get(f"/organisations/{created['id']}")).json()
    assert fetched["name"] == RTL_EMOJI and fetched["names"] == {"fr": RTL_EMOJI}
    found = (await api.get("/organisations", params={"q": RTL_EMOJI[:6]})).json()["items"]
    assert [o["id"] for o in found] == [created["id"]]


@pytest.mark.parametrize("q", [NUL, "x" * 201, "x" * 60_000])  # httpx refuses URLs over 64 KiB
async def test_a_bad_search_is_422_naming_q(api, q):
    refused(await api.get("/organisations", params={"q": q}), "q")


async def test_ids_in_paths_and_queries_cannot_carry_nul(api, token):
    refused(await api.get("/organisations/a%00b"), "organisation_id")
    refused(await api.get("/signatures", params={"organisation_id": NUL}), "organisation_id")
    refused(await api.get("/groups", params={"organisation_id": NUL}), "organisation_id")


async def test_signatures_groups_and_erasure_requests_refuse_bad_text(api, token):
    org = await organisation(api, token)
    signing = {"organisation_id": org["id"], "document_id": "d", "signatory_name": SURROGATE, "signatory_function": "Minister",
               "signed_on": "2021-06-14", "signed_place": "Brussels"}
    refused(await post(api, token, "/signatures", signing), "signatory_name")
    group = {"name": NUL, "kind": "buyer_group", "coordinator_organisation_id": org["id"]}
    refused(await post(api, token, "/groups", group), "name")
    refused(await post(api, token, "/privacy/erasure-requests", {"email": "a@b.org", "names": [NUL], "reason": "art. 17"}), "names.0")
    refused(await post(api, token, "/privacy/erasure-requests", {"email": "a@b.org", "reason": "x\x07"}), "reason")


async def test_dates_are_iso_strings_in_sane_years_and_flags_are_true_or_false(api, token):
    org = await organisation(api, token)
    signing = {"organisation_id": org["id"], "document_id": "d", "signatory_name": "Jan", "signatory_function": "Minister",
               "signed_place": "Brussels"}
    refused(await post(api, token, "/signatures", {**signing, "signed_on": 0}), "signed_on")
    refused(await post(api, token, "/signatures", {**signing, "signed_on": "1544-06-14"}), "signed_on")
    group = {"name": "Buyers", "kind": "buyer_group", "coordinator_organisation_id": org["id"]}
    refused(await post(api, token, "/groups", {**group, "founded_on": 1_600_000_000}), "founded_on")
    refused(await api.get("/organisations", params={"member": "1"}), "member")
    assert (await api.get("/organisations", params={"member": "false"})).status_code == 200


async def test_document_form_fields_and_file_names_are_checked(api, token):
    form = {"kind": "pact", "version": "2021-06", "language": "en", "title": NUL, "published_on": "2021-06-01"}
    files = {"file": ("pact.pdf", b"%PDF", "application/pdf")}
    refused(await api.post("/documents", data=form, files=files, headers=bearer(token("secretariat"))), "title")
    form["title"] = "Pact"
    # httpx escapes a NUL in a file name; a hand-written part carries it as is, as any client may.
    for filename, media_type in ((b"pa\x00ct.pdf", b"application/pdf"), (b"pact.pdf", b"application/pdf\x01")):
        fields = b"".join(b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v.encode()) for k, v in form.items())
        part = b'--B\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: %s\r\n\r\n%%PDF\r\n--B--\r\n'
        headers = {**bearer(token("secretariat")), "Content-Type": "multipart/form-data; boundary=B"}
        refused(await api.post("/documents", content=fields + part % (filename, media_type), headers=headers), "file")
    refused(await api.post("/documents", data={**form, "published_on": "1544-06-01"}, files=files, headers=bearer(token("secretariat"))),
            "published_on")


async def test_a_trailing_slash_is_not_redirected_to_the_list(api):
    response = await api.get("/organisations/")
    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"


async def test_the_document_file_answers_with_a_media_type_its_openapi_document_lists(api, token):
    """schemathesis found a text/plain file served where the document said application/octet-stream."""
    form = {"kind": "pact", "version": "2021-06", "language": "en", "title": "Pact", "published_on": "2021-06-01"}
    files = {"file": ("pact.txt", b"The pact, as plain text", "text/plain")}
    doc = (await api.post("/documents", data=form, files=files, headers=bearer(token("secretariat")))).json()
    app = api._transport.app
    operation = schemathesis.openapi.from_dict(app.openapi())["/documents/{document_id}/file"]["GET"]
    case = operation.Case(path_parameters={"document_id": doc["id"]})
    response = await api.get(f"/documents/{doc['id']}/file")
    assert response.status_code == 200 and response.content == b"The pact, as plain text"
    case.validate_response(response, checks=[content_type_conformance])
