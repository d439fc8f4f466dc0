"""Signatures over HTTP on SQLite and PostgreSQL: the rules that must hold, four-eyes, visibility, events."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from membership.adapters.orm import outbox
from servicekit.testing import bearer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError


@pytest.fixture
async def api(api, token):
    api.alice = bearer(token("secretariat", subject="alice"))  # records
    api.bob = bearer(token("secretariat", subject="bob"))  # verifies: the second pair of eyes
    return api




async def organisation(api, name, kind):
    response = await api.post("/organisations", json={"name": name, "kind": kind, "country": "BE"}, headers=api.alice)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def document(api, kind="pact", published_on="2021-06-01"):
    form = {"kind": kind, "version": "2021-06", "language": "en", "title": kind, "published_on": published_on}
    response = await api.post("/documents", data=form, files={"file": (f"{kind}.pdf", kind.encode(), "application/pdf")}, headers=api.alice)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.fixture
async def world(api):
    return {
        "fido": await organisation(api, "FIDO", "coordinating"),
        "tco": await organisation(api, "TCO Development", "supporting"),
        "pact": await document(api),
        "letter": await document(api, "letter_of_support"),
    }


def signing(organisation_id, document_id, **overrides):
    return {"organisation_id": organisation_id, "document_id": document_id, "signatory_name": "Jan Janssens",
            "signatory_function": "Federal Minister for Sustainable Development", "signed_on": "2021-06-14", "signed_place": "Brussels",
            **overrides}


async def record(api, organisation_id, document_id, **overrides):
    return await api.post("/signatures", json=signing(organisation_id, document_id, **overrides), headers=api.alice)


async def recorded(api, organisation_id, document_id):
    response = await record(api, organisation_id, document_id)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def signature_events(api):
    async with api.runtime.engine.connect() as conn:
        rows = await conn.execute(select(outbox.c.type, outbox.c.key).where(outbox.c.topic == "membership.signature").order_by(outbox.c.seq))
        return [tuple(r) for r in rows]


async def test_the_lifecycle_emits_exactly_one_event_per_change_and_drives_membership(api, world):
    first = await recorded(api, world["fido"], world["pact"])
    assert (await api.get(f"/organisations/{world['fido']}")).json()["member"] is False
    verified = await api.post(f"/signatures/{first}/verify", headers=api.bob)
    assert verified.status_code == 200 and verified.json()["decided_by"] == "bob"
    assert (await api.get(f"/organisations/{world['fido']}")).json()["member"] is True
    members = (await api.get("/organisations", params={"member": "true"})).json()["items"]
    assert [o["name"] for o in members] == ["FIDO"]

    withdrawn = await api.post(f"/signatures/{first}/withdraw", json={"reason": "Left the pact.", "withdrawn_on": "2022-01-31"}, headers=api.bob)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert (await api.get("/organisations", params={"member": "true"})).json()["items"] == []
    second = await recorded(api, world["fido"], world["pact"])  # an organisation that withdrew may sign again
    rejected = await api.post(f"/signatures/{second}/reject", json={"reason": "The scan is unreadable."}, headers=api.bob)
    assert rejected.json()["rejection_reason"] == "The scan is unreadable."

    assert await signature_events(api) == [
        ("membership.signature.recorded.v1", first), ("membership.signature.verified.v1", first),
        ("membership.signature.withdrawn.v1", first), ("membership.signature.recorded.v1", second),
        ("membership.signature.rejected.v1", second),
    ]


async def test_a_second_active_signature_is_a_conflict(api, world):
    first = await recorded(api, world["fido"], world["pact"])
    while_recorded = await record(api, world["fido"], world["pact"])
    assert while_recorded.status_code == 409 and while_recorded.json()["code"] == "CONFLICT"
    assert first in while_recorded.json()["detail"]
    await api.post(f"/signatures/{first}/verify", headers=api.bob)
    while_verified = await record(api, world["fido"], world["pact"])
    assert while_verified.status_code == 409 and while_verified.json()["code"] == "CONFLICT"


async def test_two_concurrent_recordings_for_one_organisation_one_wins(api, world):
    responses = await asyncio.gather(*(record(api, world["fido"], world["pact"], signed_place=place) for place in ("Brussels", "Antwerp")))
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert [r.json()["code"] for r in responses if r.status_code == 409] == ["CONFLICT"]
    listed = (await api.get("/signatures", params={"organisation_id": world["fido"]}, headers=api.alice)).json()
    assert listed["total_count"] == 1 and len(await signature_events(api)) == 1


@pytest.mark.parametrize(("org", "doc", "names"), [("tco", "pact", "signs the letter of support"), ("fido", "letter", "signs the pact")])
async def test_the_wrong_document_is_422_naming_the_right_one(api, world, org, doc, names):
    response = await record(api, world[org], world[doc])
    assert response.status_code == 422 and response.json()["code"] == "WRONG_DOCUMENT"
    assert names in response.json()["detail"]


@pytest.mark.parametrize(
    ("signed_on", "reason"),
    [((datetime.now(UTC) + timedelta(days=2)).date().isoformat(), "is in the future"), ("2021-05-31", "before the pact version 2021-06")],
)
async def test_an_impossible_signing_date_is_422_with_the_reason(api, world, signed_on, reason):
    response = await record(api, world["fido"], world["pact"], signed_on=signed_on)
    assert response.status_code == 422 and response.json()["code"] == "INVALID_SIGNING_DATE"
    assert reason in response.json()["detail"]


async def test_the_recorder_may_not_verify_or_reject_their_own_recording(api, world):
    signature = await recorded(api, world["fido"], world["pact"])
    for action, body in (("verify", None), ("reject", {"reason": "mine"})):
        response = await api.post(f"/signatures/{signature}/{action}", json=body, headers=api.alice)
        assert response.status_code == 403 and response.json()["code"] == "FORBIDDEN"
        assert "four-eyes" in response.json()["detail"]
    assert (await api.get(f"/signatures/{signature}", headers=api.alice)).json()["status"] == "recorded"


async def test_transitions_out_of_order_are_409(api, world):
    signature = await recorded(api, world["fido"], world["pact"])
    early_withdrawal = await api.post(f"/signatures/{signature}/withdraw", json={"reason": "x", "withdrawn_on": "2021-07-01"}, headers=api.bob)
    assert early_withdrawal.status_code == 409 and early_withdrawal.json()["code"] == "INVALID_TRANSITION"
    await api.post(f"/signatures/{signature}/verify", headers=api.bob)
    again = await api.post(f"/signatures/{signature}/reject", json={"reason": "x"}, headers=api.bob)
    assert again.status_code == 409 and again.json()["code"] == "INVALID_TRANSITION"
    unknown = await api.post("/signatures/nope/verify", headers=api.bob)
    assert unknown.status_code == 404


async def test_only_secretariat_and_operators_change_signatures(api, world, token):
    body = signing(world["fido"], world["pact"])
    member = await api.post("/signatures", json=body, headers=bearer(token("member", org=world["fido"])))
    public = await api.post("/signatures", json=body)
    assert (member.status_code, public.status_code) == (403, 401)
    operator = await api.post("/signatures", json=body, headers=bearer(token("operator")))
    assert operator.status_code == 201 and operator.json()["recorded_by"] != "alice"


async def test_the_public_sees_only_verified_signatures_without_user_data(api, world, token):
    verified = await recorded(api, world["fido"], world["pact"])
    await api.post(f"/signatures/{verified}/verify", headers=api.bob)
    pending = await recorded(api, world["tco"], world["letter"])

    public = (await api.get("/signatures")).json()
    assert [s["id"] for s in public["items"]] == [verified] and public["total_count"] == 1
    assert {public["items"][0][k] for k in ("recorded_by", "decided_by", "evidence_sha256")} == {None}
    assert public["items"][0]["signatory_function"] == "Federal Minister for Sustainable Development"
    assert (await api.get("/signatures", params={"status": "recorded"})).json()["items"] == []
    assert (await api.get(f"/signatures/{pending}")).status_code == 404

    tco_member = bearer(token("member", org=world["tco"]))
    own = (await api.get("/signatures", headers=tco_member)).json()["items"]
    assert {s["id"] for s in own} == {verified, pending}
    assert (await api.get(f"/signatures/{pending}", headers=tco_member)).json()["recorded_by"] == "alice"
    assert (await api.get(f"/signatures/{verified}", headers=tco_member)).json()["recorded_by"] is None


async def test_the_verification_queue_pages_oldest_first(api, token):
    document_id = await document(api)
    ids = [await recorded(api, await organisation(api, f"Buyer {i}", "procuring"), document_id) for i in range(3)]
    await api.post(f"/signatures/{ids[1]}/verify", headers=api.bob)
    first = (await api.get("/signatures", params={"status": "recorded", "first": 1}, headers=api.bob)).json()
    assert [s["id"] for s in first["items"]] == [ids[0]] and first["total_count"] == 2 and first["page_info"]["has_next_page"]
    rest = (await api.get("/signatures", params={"status": "recorded", "first": 1, "after": first["page_info"]["end_cursor"]},
                          headers=api.bob)).json()
    assert [s["id"] for s in rest["items"]] == [ids[2]] and not rest["page_info"]["has_next_page"]
    assert (await api.get("/signatures", params={"after": "garbage!"})).status_code == 422


async def test_invalid_bodies_are_422_with_field_errors(api, world):
    bad = await record(api, world["fido"], world["pact"], signatory_name="", signed_on="yesterday", evidence_sha256="abc")
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"signatory_name", "signed_on", "evidence_sha256"}
    missing = await record(api, "no-such-org", world["pact"])
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    withdrawn_on_missing = await api.post("/signatures/x/withdraw", json={"reason": "x"}, headers=api.bob)
    assert withdrawn_on_missing.status_code == 422


async def test_the_database_itself_refuses_a_second_active_signature(api, world):
    """The guard behind the 409 under a race: not the handler's check, the partial unique index."""
    first = await recorded(api, world["fido"], world["pact"])
    async with api.runtime.uow() as uow:
        duplicate = replace(await uow.signatures.get(first), id="another-signature")
        with pytest.raises(IntegrityError):
            await uow.signatures.add(duplicate)
            await uow.commit()
