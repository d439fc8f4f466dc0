"""Erasing a person, on SQLite and PostgreSQL: membership forgets them in one transaction (contacts, signatures,
letters, group memberships, the register's disclosures, the outbox), the other person and every aggregate stay,
and the register still verifies and proves, online and offline."""

import asyncio
import json
import subprocess
import sys

import pytest
from membership.adapters.orm import outbox
from membership.adapters.register import register_disclosures, register_entries
from membership.service_layer import register as register_service
from servicekit.testing import bearer, personal_data_left
from sqlalchemy import select

JAN = {"email": "jan.janssens@example.org", "name": "Jan Janssens"}
MARIE = {"email": "marie.dupont@example.org", "name": "Marie Dupont"}


@pytest.fixture
async def api(api, token):
    api.alice = bearer(token("secretariat", subject="alice"))  # records
    api.bob = bearer(token("secretariat", subject="bob"))  # verifies
    # Jan also worked for the secretariat, under a token whose subject is his e-mail address.
    api.jan_staff = bearer(token("secretariat", subject=JAN["email"]))
    return api


def contact(person, role="pact contact"):
    return {"name": person["name"], "email": person["email"], "language": "nl", "role": role}


async def created(response, status=201) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def organisation(api, name, kind, contacts=()):
    body = {"name": name, "kind": kind, "country": "BE", "contacts": list(contacts)}
    return (await created(await api.post("/organisations", json=body, headers=api.alice)))["id"]


async def document(api, kind):
    form = {"kind": kind, "version": "2021-06", "language": "en", "title": kind, "published_on": "2021-06-01"}
    return (await created(await api.post("/documents", data=form, files={"file": (f"{kind}.pdf", kind.encode(), "application/pdf")},
                                         headers=api.alice)))["id"]


async def signed(api, path, organisation_id, document_id, person, verify=True, verifier=None):
    body = {"organisation_id": organisation_id, "document_id": document_id, "signatory_name": person["name"],
            "signatory_function": f"Minister ({person['name'].split()[0]})", "signed_on": "2021-06-14", "signed_place": "Brussels"}
    signature = await created(await api.post(path, json=body, headers=api.alice))
    if verify:
        await created(await api.post(f"{path}/{signature['id']}/verify", headers=verifier or api.bob), 200)
    return signature["id"]


@pytest.fixture
async def world(api):
    """Jan and Marie in every place membership keeps people: contacts (one archived organisation), a signature,
    a letter of support, group memberships; plus an update so that older outbox events carry the contacts."""
    pact, letter = await document(api, "pact"), await document(api, "letter_of_support")
    fido = await organisation(api, "FIDO", "coordinating", [contact(JAN), contact(MARIE)])
    tco = await organisation(api, "TCO Development", "supporting", [contact(JAN, "board")])
    ghent = await organisation(api, "City of Ghent", "procuring", [contact(MARIE)])
    old = await organisation(api, "Old Agency", "procuring", [contact(JAN)])
    await created(await api.post(f"/organisations/{old}/archive", json={"reason": "merged"}, headers=api.alice), 200)
    await created(await api.patch(f"/organisations/{ghent}", json={"website": "https://ghent.be"}, headers=api.jan_staff), 200)
    await created(await api.patch(f"/organisations/{fido}", json={"website": "https://fido.be"}, headers=api.alice), 200)
    world = {"fido": fido, "pact": pact, "tco": tco, "ghent": ghent, "old": old,
             "jan_signature": await signed(api, "/signatures", fido, pact, JAN),
             "jan_letter": await signed(api, "/support-letters", tco, letter, JAN, verify=False),
             "marie_signature": await signed(api, "/signatures", ghent, pact, MARIE, verifier=api.jan_staff)}
    # A reason that quotes the person: free text in the table, the outbox and the register.
    await created(await api.post(f"/support-letters/{world['jan_letter']}/reject", json={"reason": f"{JAN['name']} may not sign for TCO"},
                                 headers=api.bob), 200)
    group = await created(await api.post("/groups", json={"name": "Belgian buyer group", "kind": "buyer_group", "coordinator_organisation_id": fido},
                                         headers=api.alice))
    for member in ({"person_name": JAN["name"], "person_organisation_id": fido}, {"person_name": MARIE["name"]}, {"organisation_id": ghent}):
        await created(await api.post(f"/groups/{group['id']}/members", json=member | {"joined_on": "2022-01-10"}, headers=api.alice))
    world["group"] = group["id"]
    return world


async def export(api, person) -> dict:
    body = await created(await api.post("/privacy/export", json={"email": person["email"], "names": [person["name"]]}, headers=api.alice), 200)
    assert body["service"] == "membership"
    return body["records"]


async def aggregates(api, world) -> dict:
    """What must not change when a person is erased: statuses, membership, group sizes, the register's size."""
    signatures = (await api.get("/signatures", headers=api.alice)).json()["items"]
    group = (await api.get(f"/groups/{world['group']}", headers=api.alice)).json()
    organisations = (await api.get("/organisations", params={"include_archived": "true"}, headers=api.alice)).json()["items"]
    return {"signatures": sorted((s["id"], s["status"], s["document_kind"]) for s in signatures),
            "members": sorted((o["name"], o["member"]) for o in organisations),
            "group_members": len(group["members"]),
            "register_size": (await api.get("/register/head")).json()["size"]}


async def file_erasure(api, email=JAN["email"], names=(JAN["name"],), reason="Art. 17 GDPR request by Jan Janssens", status=202):
    return await created(await api.post("/privacy/erasure-requests", json={"email": email, "names": list(names), "reason": reason},
                                        headers=api.alice), status)


async def entry_of(api, subject) -> dict:
    entries = (await api.get("/register", params={"first": 1000}, headers=api.alice)).json()["entries"]
    return next(e for e in entries if e["subject"] == subject and e["event_type"].endswith("recorded.v1"))


async def test_erasure_forgets_the_person_everywhere_and_keeps_the_rest(api, world):
    before = await export(api, JAN)
    assert {kind: len(rows) for kind, rows in before.items()} == {"contact": 3, "signature": 1, "support_letter": 1, "group_member": 1}
    assert {c["organisation_name"] for c in before["contact"]} == {"FIDO", "TCO Development", "Old Agency"}
    marie_before, aggregates_before = await export(api, MARIE), await aggregates(api, world)
    engine = api.runtime.engine
    assert await personal_data_left(engine, set(JAN.values()))  # the check can fail: Jan is there before

    # Typed differently from how he was stored: the hashes normalise case and spaces.
    request = await file_erasure(api, email=" JAN.Janssens@example.org", names=["jan   JANSSENS"])
    assert request["status"] == "pending" and request["awaiting"] == ["events", "awards", "notifications"]
    [answer] = request["answers"]
    assert answer["service"] == "membership" and answer["erased"].pop("outbox_event") > 0
    assert answer["erased"] == {"contact": 3, "signature": 1, "support_letter": 1, "group_member": 1, "actor": 2,
                                "register_value": 6}  # name and function of two recordings, a rejection's reason, a verifier
    assert "Jan" not in request["reason"] and "[erased]" in request["reason"]

    assert await personal_data_left(engine, set(JAN.values())) == []
    assert await personal_data_left(engine, {"Minister (Jan)"}) == []  # his function too
    assert await export(api, JAN) == {"erasure_request": [{"id": request["id"], "status": "pending", "requested_at": request["requested_at"],
                                                           "completed_at": None}]}
    assert await export(api, MARIE) == marie_before
    assert await personal_data_left(engine, set(MARIE.values()))
    assert await aggregates(api, world) == aggregates_before

    # Downstream copies drop the contact on an ordinary update; the request and membership's answer go out too.
    async with engine.connect() as conn:
        rows = (await conn.execute(select(outbox.c.type, outbox.c.key, outbox.c.payload).order_by(outbox.c.seq))).all()
    updates = {key: json.loads(payload) for type_, key, payload in rows[-5:] if type_ == "membership.organisation.updated.v1"}
    assert set(updates) == {world["fido"], world["tco"], world["old"]}
    assert [c["name"] for c in updates[world["fido"]]["contacts"]] == [MARIE["name"]]
    assert [type_ for type_, _, _ in rows[-2:]] == ["person.erasure_requested.v1", "person.erasure_completed.v1"]
    requested = json.loads(rows[-2].payload)
    assert requested["email_hash"] == request["email_hash"] and JAN["email"] not in rows[-2].payload


async def test_the_register_verifies_and_proves_after_an_erasure(api, world, tmp_path):
    entry = await entry_of(api, world["jan_signature"])
    assert json.loads(entry["body"])["data"]["signatory_name"].keys() == {"commitment"}  # never the name itself
    assert {d["field"]: d["value"] for d in entry["disclosures"]} == {"recorded_by": "alice", "signatory_function": "Minister (Jan)",
                                                                      "signatory_name": JAN["name"]}

    await file_erasure(api)

    erased = await entry_of(api, world["jan_signature"])
    assert [d["value"] for d in erased["disclosures"]] == ["alice"]  # who recorded it is not the person erased
    assert erased["body"] == entry["body"] and erased["hash"] == entry["hash"]
    assert {d["value"] for d in (await entry_of(api, world["marie_signature"]))["disclosures"]} >= {MARIE["name"]}  # Marie's stay shown
    verification = (await api.get("/register/verify")).json()
    assert verification["ok"], verification

    public_key = tmp_path / "register.pub.pem"
    export_file, proof_file = tmp_path / "export.json", tmp_path / "proof.json"
    public_key.write_text((await api.get("/register/head")).json()["public_key"])
    export_file.write_text((await api.get("/register/export", headers=api.alice)).text)
    proof_file.write_text((await api.get(f"/register/entries/{erased['seq']}/proof", headers=api.alice)).text)
    for command, path in (("verify", export_file), ("prove", proof_file)):
        result = await asyncio.to_thread(_cli, command, path, "--public-key", public_key)
        assert result.returncode == 0 and result.stdout.startswith("OK"), result.stdout + result.stderr

    # A disclosure that does not open its commitment is caught online and offline.
    forged = json.loads(export_file.read_text())
    marie = next(e for e in forged["entries"] if e["subject"] == world["marie_signature"] and e["disclosures"])
    marie["disclosures"][0]["value"] = "Someone Else"
    export_file.write_text(json.dumps(forged))
    result = await asyncio.to_thread(_cli, "verify", export_file, "--public-key", public_key)
    assert result.returncode == 1 and "does not match the commitment" in result.stdout


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "membership", "register", *map(str, args)], capture_output=True, text=True, timeout=60)


async def test_an_entry_from_before_commitments_loses_its_body_and_still_verifies(api, world, monkeypatch):
    """Entries written before revision 0007 carry the name in their body: erasure removes the body, never re-chains."""
    monkeypatch.setattr(register_service, "commit_personal", lambda seq, data: (data, []))  # the old way of writing entries
    await created(await api.post(f"/signatures/{world['jan_signature']}/withdraw", json={"reason": f"{JAN['name']} left office",
                                                                                       "withdrawn_on": "2022-01-01"}, headers=api.alice), 200)
    legacy = await signed(api, "/signatures", world["fido"], world["pact"], JAN, verify=False)
    monkeypatch.undo()
    entry = await entry_of(api, legacy)
    assert JAN["name"] in entry["body"] and entry["disclosures"] == []

    request = await file_erasure(api)
    assert request["answers"][0]["erased"]["register_body"] == 2  # the withdrawal (its reason) and the new recording

    erased = await entry_of(api, legacy)
    assert erased["body"] is None and erased["body_erased_at"] and erased["digest"] == entry["digest"]
    assert (await api.get("/register/verify")).json()["ok"]
    proof = (await api.get(f"/register/entries/{erased['seq']}/proof", headers=api.alice)).json()
    assert proof["entry"]["body"] is None and proof["head"]["size"] == (await api.get("/register/head")).json()["size"]
    assert await personal_data_left(api.runtime.engine, set(JAN.values())) == []
    async with api.runtime.engine.connect() as conn:
        others = (await conn.execute(select(register_entries.c.seq).where(register_entries.c.body.is_(None)))).all()
    assert len(others) == 2  # only those two: Marie's and the entries with commitments keep their bodies


async def test_a_server_side_forged_disclosure_fails_verification(api, world):
    entry = await entry_of(api, world["marie_signature"])
    async with api.runtime.engine.begin() as conn:
        await conn.execute(register_disclosures.update().where(register_disclosures.c.seq == entry["seq"],
                                                               register_disclosures.c.field == "signatory_name").values(value="Someone Else"))
    verification = (await api.get("/register/verify")).json()
    assert not verification["ok"] and verification["first_bad_seq"] == entry["seq"], verification
