"""Signing, letters of support, organisation changes, groups and the register through the gateway, against the real membership app."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from gateway.node import local_id

ORG_FIELDS = "id name subkind archived names { language name } contacts { name email language consentOn role }"
RECORD = """mutation($input: RecordSignatureInput!) { recordSignature(input: $input) { id status recordedBy } }"""
RECORD_LETTER = """mutation($input: RecordSignatureInput!) { recordSupportLetter(input: $input) { id status documentKind } }"""
VERIFY = """mutation($id: ID!) { verifySignature(id: $id) { id status decidedBy } }"""
VERIFY_LETTER = """mutation($id: ID!) { verifySupportLetter(id: $id) { id status } }"""
CONTACT = {"name": "Pact desk", "email": "pact-desk@example.org", "language": "NL", "consentOn": "2024-05-30", "role": "pact contact"}


@pytest.fixture(scope="module")
def tag() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def users(token) -> dict[str, str]:
    return {"alice": token("secretariat", subject="alice"), "bob": token("secretariat", subject="bob")}


@pytest.fixture(scope="module")
async def world(membership, graphql, users, tag) -> dict:
    """A coordinating organisation with a contact, a supporter, and the two documents (published through membership's HTTP API)."""
    register = """mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { id } }"""
    ids = {}
    for key, kind, subkind in (("fido", "COORDINATING", "NATIONAL"), ("tco", "SUPPORTING", "CERTIFICATION_BODY")):
        variables = {"input": {"name": f"{key} {tag}", "kind": kind, "subkind": subkind, "country": "BE", "contacts": [CONTACT],
                               "names": [{"language": "FR", "name": f"{key} {tag} (fr)"}]}}
        body = await graphql(register, variables, token=users["alice"])
        assert "errors" not in body, body
        ids[key] = body["data"]["registerOrganisation"]["id"]
    async with httpx.AsyncClient(base_url=membership.url, timeout=30, headers={"Authorization": f"Bearer {users['alice']}"}) as http:
        for kind in ("pact", "letter_of_support"):
            form = {"kind": kind, "version": f"g-{tag}", "language": "en", "title": kind, "published_on": "2021-06-01"}
            response = await http.post("/documents", data=form, files={"file": (f"{kind}.pdf", f"{kind} {tag}".encode(), "application/pdf")})
            assert response.status_code == 201, response.text
            ids[kind] = response.json()["id"]
    return ids


def signing(organisation_id: str, document_id: str, **overrides) -> dict:
    return {"input": {"organisationId": organisation_id, "documentId": document_id, "signatoryName": "Jan Janssens",
                      "signatoryFunction": "Minister", "signedOn": "2021-06-14", "signedPlace": "Brussels", **overrides}}


def code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_contacts_are_null_for_the_public_and_seen_by_the_own_member_and_staff(graphql, world, users, token):
    query = f"query($id: ID!) {{ organisation(id: $id) {{ {ORG_FIELDS} }} }}"
    public = await graphql(query, {"id": world["fido"]})
    assert public["data"]["organisation"]["contacts"] is None and public["data"]["organisation"]["subkind"] == "NATIONAL"
    listed = await graphql("{ organisations(first: 200) { nodes { contacts { email } } } }")
    assert all(o["contacts"] is None for o in listed["data"]["organisations"]["nodes"])
    for viewer in (token("member", org=world["fido"]), users["alice"]):
        seen = await graphql(query, {"id": world["fido"]}, token=viewer)
        assert seen["data"]["organisation"]["contacts"][0]["email"] == "pact-desk@example.org"
    other = await graphql(query, {"id": world["fido"]}, token=token("member", org=world["tco"]))
    assert other["data"]["organisation"]["contacts"] is None


async def test_signing_rules_reach_the_client_with_their_codes(graphql, world, users, tag):
    future = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    assert code(await graphql(RECORD, signing(world["fido"], world["pact"], signedOn=future), token=users["alice"])) == "BAD_USER_INPUT"
    wrong = await graphql(RECORD, signing(world["fido"], world["letter_of_support"]), token=users["alice"])
    assert code(wrong) == "BAD_USER_INPUT" and "signs the pact" in wrong["errors"][0]["message"]
    assert code(await graphql(RECORD, signing(world["fido"], world["pact"]))) == "UNAUTHENTICATED"

    recorded = (await graphql(RECORD, signing(world["fido"], world["pact"]), token=users["alice"]))["data"]["recordSignature"]
    assert recorded["recordedBy"] == "alice"
    assert code(await graphql(RECORD, signing(world["fido"], world["pact"]), token=users["alice"])) == "CONFLICT"
    assert code(await graphql(VERIFY, {"id": recorded["id"]}, token=users["alice"])) == "FORBIDDEN"

    queue = await graphql("{ verificationQueue(first: 200) { nodes { id } } }", token=users["bob"])
    assert recorded["id"] in [n["id"] for n in queue["data"]["verificationQueue"]["nodes"]]
    assert code(await graphql("{ verificationQueue { totalCount } }")) == "UNAUTHENTICATED"
    signatories = "{ signatories(first: 200) { nodes { documentKind signedOn organisation { id } } } }"
    assert world["fido"] not in [n["organisation"]["id"] for n in (await graphql(signatories))["data"]["signatories"]["nodes"]]

    verified = await graphql(VERIFY, {"id": recorded["id"]}, token=users["bob"])
    assert verified["data"]["verifySignature"] == {"id": recorded["id"], "status": "VERIFIED", "decidedBy": "bob"}
    assert world["fido"] in [n["organisation"]["id"] for n in (await graphql(signatories))["data"]["signatories"]["nodes"]]
    withdraw = """mutation($id: ID!) { withdrawSignature(id: $id, reason: "Left.", withdrawnOn: "2022-01-31") { status } }"""
    assert (await graphql(withdraw, {"id": recorded["id"]}, token=users["bob"]))["data"]["withdrawSignature"]["status"] == "WITHDRAWN"
    assert world["fido"] not in [n["organisation"]["id"] for n in (await graphql(signatories))["data"]["signatories"]["nodes"]]


async def test_a_letter_of_support_and_the_members_own_record(graphql, world, users, token):
    letter = (await graphql(RECORD_LETTER, signing(world["tco"], world["letter_of_support"]), token=users["alice"]))["data"]["recordSupportLetter"]
    assert letter["documentKind"] == "LETTER_OF_SUPPORT" and letter["status"] == "RECORDED"
    mine = "{ myOrganisation { organisation { id contacts { email } } signatures { id status } } }"
    record = (await graphql(mine, token=token("member", org=world["tco"])))["data"]["myOrganisation"]
    assert record["organisation"]["contacts"][0]["email"] == "pact-desk@example.org"
    # Listed among its signatures, as a Signature: the same record, so the same service id under the Signature type.
    assert {"id": local_id(letter["id"]), "status": "RECORDED"} in [{**s, "id": local_id(s["id"])} for s in record["signatures"]]
    assert code(await graphql(mine, token=users["alice"])) == "FORBIDDEN"
    public = "{ supportLetters(first: 200) { nodes { id } } }"
    assert letter["id"] not in [n["id"] for n in (await graphql(public))["data"]["supportLetters"]["nodes"]]
    assert (await graphql(VERIFY_LETTER, {"id": letter["id"]}, token=users["bob"]))["data"]["verifySupportLetter"]["status"] == "VERIFIED"
    assert letter["id"] in [n["id"] for n in (await graphql(public))["data"]["supportLetters"]["nodes"]]


async def test_updating_and_archiving_an_organisation(graphql, world, users, token, register):
    update = f"mutation($id: ID!, $input: UpdateOrganisationInput!) {{ updateOrganisation(id: $id, input: $input) {{ {ORG_FIELDS} website }} }}"
    member = token("member", org=world["fido"])
    bad = await graphql(update, {"id": world["fido"], "input": {"contacts": [{**CONTACT, "email": "nope"}]}}, token=member)
    assert code(bad) == "BAD_USER_INPUT" and bad["errors"][0]["extensions"]["fields"][0]["field"] == "contacts.0.email"
    assert code(await graphql(update, {"id": world["fido"], "input": {"name": "Renamed"}}, token=member)) == "FORBIDDEN"
    changed = await graphql(update, {"id": world["fido"], "input": {"website": "https://www.fido.be"}}, token=member)
    assert changed["data"]["updateOrganisation"]["website"].startswith("https://www.fido.be")
    assert changed["data"]["updateOrganisation"]["contacts"][0]["email"] == "pact-desk@example.org"  # untouched

    spare = await register(f"Spare {uuid.uuid4().hex[:6]}")
    archive = """mutation($id: ID!) { archiveOrganisation(id: $id, reason: "Merged.") { archived } }"""
    assert code(await graphql(archive, {"id": spare["id"]}, token=member)) == "FORBIDDEN"
    assert (await graphql(archive, {"id": spare["id"]}, token=users["alice"]))["data"]["archiveOrganisation"]["archived"] is True
    assert code(await graphql(archive, {"id": spare["id"]}, token=users["alice"])) == "CONFLICT"
    assert code(await graphql("{ organisations(includeArchived: true) { totalCount } }")) == "FORBIDDEN"
    missing = await graphql(update, {"id": "no-such-id", "input": {"website": None}}, token=users["alice"])
    assert code(missing) == "NOT_FOUND"


async def test_groups_and_their_members(graphql, world, users, tag, token):
    create = """mutation($input: CreateGroupInput!) { createGroup(input: $input) { id name kind memberCount coordinator { id } } }"""
    variables = {"input": {"name": f"Belgian buyer group {tag}", "kind": "BUYER_GROUP", "coordinatorOrganisationId": world["fido"],
                           "country": "BE", "foundedOn": "2021-06-14", "description": "75+ public buyers."}}
    group = (await graphql(create, variables, token=users["alice"]))["data"]["createGroup"]
    assert group["coordinator"]["id"] == world["fido"] and group["kind"] == "BUYER_GROUP"
    assert code(await graphql(create, variables, token=users["alice"])) == "CONFLICT"

    add = """mutation($g: ID!, $input: AddGroupMemberInput!) { addGroupMember(groupId: $g, input: $input) { id isPerson organisation { id } } }"""
    member = (await graphql(add, {"g": group["id"], "input": {"organisationId": world["tco"], "joinedOn": "2022-01-10"}},
                            token=users["alice"]))["data"]["addGroupMember"]
    await graphql(add, {"g": group["id"], "input": {"personName": "An Expert", "joinedOn": "2022-01-10"}}, token=users["alice"])
    assert code(await graphql(add, {"g": group["id"], "input": {"organisationId": world["tco"], "joinedOn": "2022-01-10"}},
                              token=users["alice"])) == "CONFLICT"
    early = await graphql(add, {"g": group["id"], "input": {"personName": "Early", "joinedOn": "2020-01-01"}}, token=users["alice"])
    assert code(early) == "BAD_USER_INPUT" and early["errors"][0]["extensions"]["fields"][0]["field"] == "joinedOn"

    read = """query($id: ID!) { group(id: $id) { memberCount members { isPerson personName organisation { id } } } }"""
    public = (await graphql(read, {"id": group["id"]}))["data"]["group"]
    assert public["memberCount"] == 2 and [m["personName"] for m in public["members"]] == [None, None]
    remove = """mutation($g: ID!, $m: ID!) { removeGroupMember(groupId: $g, memberId: $m, leftOn: "2023-01-01") { leftOn } }"""
    assert (await graphql(remove, {"g": group["id"], "m": member["id"]}, token=users["alice"]))["data"]["removeGroupMember"]["leftOn"] == "2023-01-01"
    listed = await graphql("query($o: ID) { pactGroups(kind: BUYER_GROUP, organisationId: $o) { nodes { id memberCount } } }", {"o": world["fido"]})
    assert {"id": group["id"], "memberCount": 1} in listed["data"]["pactGroups"]["nodes"]
    mine = await graphql("{ myOrganisation { groups { id } } }", token=token("member", org=world["fido"]))
    assert {"id": group["id"]} in mine["data"]["myOrganisation"]["groups"]
    assert code(await graphql(read, {"id": "nope"})) == "NOT_FOUND"


async def test_documents_and_register_entries_with_proofs(graphql, world):
    documents = await graphql("{ pactDocuments(kind: PACT) { totalCount nodes { id kind sha256 publishedOn } } }")
    assert world["pact"] in [d["id"] for d in documents["data"]["pactDocuments"]["nodes"]]
    head = (await graphql("{ registerHead { size root treeSignature publicKey } }"))["data"]["registerHead"]
    assert head["size"] >= 1
    entries = await graphql("{ registerEntries(first: 3) { seq digest body proof { leafIndex treeSize auditPath head { root } } } }")
    for entry in entries["data"]["registerEntries"]:
        assert entry["proof"]["leafIndex"] == entry["seq"] - 1 and entry["proof"]["head"]["root"]
