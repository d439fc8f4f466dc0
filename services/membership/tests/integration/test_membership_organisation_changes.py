"""Organisation details, updates and archiving over HTTP on SQLite and PostgreSQL: who may change and see what."""

import pytest
from membership.adapters.orm import outbox
from servicekit.testing import bearer
from sqlalchemy import select

CONTACT = {"name": "Secretariat desk", "email": "secretariat@example.org", "language": "nl", "consent_on": "2024-05-30",
           "role": "pact contact"}
FIDO = {"name": "Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", "kind": "coordinating", "subkind": "national", "country": "BE",
        "languages": ["nl", "fr"], "names": {"fr": "Institut Fédéral pour le Développement Durable (IFDD)"}, "contacts": [CONTACT]}


@pytest.fixture
async def api(api, token):
    api.staff = bearer(token("secretariat", subject="alice"))
    response = await api.post("/organisations", json=FIDO, headers=api.staff)
    assert response.status_code == 201, response.text
    api.fido = response.json()["id"]
    api.fido_member = bearer(token("member", org=api.fido, subject="fido-user"))
    return api


async def organisation_events(api):
    async with api.runtime.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.type, outbox.c.payload).where(outbox.c.topic == "membership.organisation").order_by(outbox.c.seq))
        return [tuple(r) for r in rows]


async def test_contact_emails_are_seen_by_staff_and_the_own_member_only(api, token):
    other_member = bearer(token("member", org="00000000-0000-4000-8000-0000000000a1"))
    for headers in ({}, other_member, bearer(token("juror", juror="00000000-0000-4000-8000-0000000000b1"))):
        one = (await api.get(f"/organisations/{api.fido}", headers=headers)).json()
        listed = (await api.get("/organisations", headers=headers)).json()["items"][0]
        assert one["contacts"] is None and listed["contacts"] is None
        assert "example.org" not in (await api.get("/organisations", headers=headers)).text
    for headers in (api.staff, api.fido_member):
        assert (await api.get(f"/organisations/{api.fido}", headers=headers)).json()["contacts"] == [CONTACT]
    public = (await api.get(f"/organisations/{api.fido}")).json()
    assert public["subkind"] == "national" and public["names"]["fr"].startswith("Institut")


async def test_the_registered_event_carries_subkind_names_and_contacts(api):
    [(event_type, payload)] = await organisation_events(api)
    assert event_type == "membership.organisation.registered.v1"
    assert '"subkind":"national"' in payload.replace(" ", "") and "secretariat@example.org" in payload


@pytest.mark.parametrize(("kind", "subkind"), [("procuring", "national"), ("coordinating", "public"), ("supporting", "private")])
async def test_a_subkind_must_fit_the_kind(api, kind, subkind):
    response = await api.post("/organisations", json={"name": "X", "kind": kind, "subkind": subkind, "country": "NL"}, headers=api.staff)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "subkind"
    assert kind in response.json()["detail"]


@pytest.mark.parametrize(("contact", "field"), [({"email": "not-an-address"}, "contacts.0.email"), ({"email": "a@b"}, "contacts.0.email"),
                                                ({"language": "es"}, "contacts.0.language"), ({"consent_on": "2999-01-01"}, "contacts.0.consent_on")])
async def test_bad_contacts_are_422_naming_the_field(api, contact, field):
    response = await api.patch(f"/organisations/{api.fido}", json={"contacts": [{**CONTACT, **contact}]}, headers=api.staff)
    assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT"
    assert field in {e["field"] for e in response.json()["errors"]}


async def test_a_member_changes_its_own_contacts_and_website_only(api, token):
    new_contact = {**CONTACT, "name": "Procurement office", "email": "procurement@example.org", "language": "fr", "role": None}
    own = await api.patch(f"/organisations/{api.fido}", json={"website": "https://www.fido.be", "contacts": [new_contact]},
                          headers=api.fido_member)
    assert own.status_code == 200, own.text
    assert own.json()["contacts"] == [new_contact] and own.json()["website"].startswith("https://www.fido.be")
    rename = await api.patch(f"/organisations/{api.fido}", json={"name": "FIDO"}, headers=api.fido_member)
    assert rename.status_code == 403 and "name" in rename.json()["detail"]
    other = await api.patch(f"/organisations/{api.fido}", json={"website": "https://x.example"}, headers=bearer(token("member", org="00000000-0000-4000-8000-0000000000a1")))
    assert other.status_code == 403 and other.json()["code"] == "FORBIDDEN"
    assert (await api.patch(f"/organisations/{api.fido}", json={"website": None})).status_code == 401

    events = await organisation_events(api)
    assert [t for t, _ in events] == ["membership.organisation.registered.v1", "membership.organisation.updated.v1"]
    assert "procurement@example.org" in events[1][1] and "fido-user" in events[1][1]


async def test_staff_change_kind_and_subkind_together_and_names_stay_unique(api):
    changed = await api.patch(f"/organisations/{api.fido}", json={"kind": "procuring", "subkind": "public"}, headers=api.staff)
    assert changed.status_code == 200 and (changed.json()["kind"], changed.json()["subkind"]) == ("procuring", "public")
    half = await api.patch(f"/organisations/{api.fido}", json={"kind": "supporting"}, headers=api.staff)
    assert half.status_code == 422 and half.json()["errors"][0]["field"] == "subkind"
    await api.post("/organisations", json={"name": "TCO Development", "kind": "supporting", "country": "SE"}, headers=api.staff)
    taken = await api.patch(f"/organisations/{api.fido}", json={"name": "tco development"}, headers=api.staff)
    assert taken.status_code == 409 and taken.json()["code"] == "ORGANISATION_EXISTS"
    assert (await api.patch("/organisations/nope", json={"website": None}, headers=api.staff)).status_code == 404


async def test_archived_organisations_are_hidden_by_default_and_cannot_sign_or_change(api, token):
    archived = await api.post(f"/organisations/{api.fido}/archive", json={"reason": "Merged into another body."}, headers=api.staff)
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert (await api.get("/organisations")).json()["total_count"] == 0
    assert (await api.get("/organisations", params={"include_archived": "true"})).status_code == 403
    listed = (await api.get("/organisations", params={"include_archived": "true"}, headers=api.staff)).json()
    assert [o["id"] for o in listed["items"]] == [api.fido]
    assert (await api.get("/organisations", params={"ids": [api.fido]})).json()["total_count"] == 1  # batch loading still finds it
    assert (await api.get(f"/organisations/{api.fido}")).json()["archive_reason"] == "Merged into another body."

    again = await api.post(f"/organisations/{api.fido}/archive", json={"reason": "x"}, headers=api.staff)
    assert again.status_code == 409
    assert (await api.patch(f"/organisations/{api.fido}", json={"website": None}, headers=api.staff)).status_code == 409
    assert (await api.post(f"/organisations/{api.fido}/archive", json={"reason": "x"}, headers=api.fido_member)).status_code == 403

    form = {"kind": "pact", "version": "2021-06", "language": "en", "title": "Pact", "published_on": "2021-06-01"}
    document = (await api.post("/documents", data=form, files={"file": ("p.pdf", b"pact", "application/pdf")}, headers=api.staff)).json()
    signing = {"organisation_id": api.fido, "document_id": document["id"], "signatory_name": "A", "signatory_function": "B",
               "signed_on": "2021-06-14", "signed_place": "Brussels"}
    refused = await api.post("/signatures", json=signing, headers=api.staff)
    assert refused.status_code == 409 and "archived" in refused.json()["detail"]
    assert [t for t, _ in await organisation_events(api)][-1] == "membership.organisation.archived.v1"
