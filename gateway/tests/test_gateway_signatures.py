"""Reading signatures and membership through the gateway, with data made through membership's own HTTP API."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
from gateway.node import global_id, local_id

SIGNATURES = """
query Signatures($first: Int, $after: String, $organisationId: ID, $status: SignatureStatus) {
  signatures(first: $first, after: $after, organisationId: $organisationId, status: $status) {
    totalCount
    edges { cursor node {
      id status documentKind signatoryName signatoryFunction signedOn signedPlace recordedBy decidedBy evidenceSha256
      organisation { id name member }
    } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""

ONE = """
query One($id: ID!) {
  signature(id: $id) { id status documentKind signatoryName recordedBy decidedBy organisation { name member } }
}
"""

MEMBERS = """
query Members($search: String, $member: Boolean) {
  organisations(search: $search, member: $member, first: 50) { totalCount nodes { id name member } }
}
"""


@pytest.fixture(scope="module")
def tag() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
async def signed(membership, register, token, tag) -> dict:
    """Three organisations with verified signatures and one whose signature still awaits verification."""
    recorder = {"Authorization": f"Bearer {token('secretariat', subject='recorder')}"}
    verifier = {"Authorization": f"Bearer {token('secretariat', subject='verifier')}"}
    async with httpx.AsyncClient(base_url=membership.url, timeout=30) as http:
        response = await http.post(
            "/documents",
            headers=recorder,
            files={"file": ("pact.pdf", b"%PDF-1.4 the pact", "application/pdf")},
            data={"kind": "pact", "version": f"t-{tag}", "language": "en", "title": "The pact", "published_on": "2021-06-01"},
        )
        assert response.status_code == 201, response.text
        document_id = response.json()["id"]

        async def sign(name: str, *, verify: bool) -> dict:
            organisation = await register(name)
            body = {
                "organisation_id": local_id(organisation["id"]),
                "document_id": document_id,
                "signatory_name": f"Signatory of {name}",
                "signatory_function": "Director",
                "signed_on": date(2021, 6, 14).isoformat(),
                "signed_place": "Brussels",
                "evidence_sha256": "ab" * 32,
            }
            response = await http.post("/signatures", json=body, headers=recorder)
            assert response.status_code == 201, response.text
            signature = response.json()
            if verify:
                response = await http.post(f"/signatures/{signature['id']}/verify", headers=verifier)
                assert response.status_code == 200, response.text
                signature = response.json()
            return {"organisation": organisation, "signature": signature}

        verified = [await sign(f"Signer {tag} {letter}", verify=True) for letter in "ABC"]
        pending = await sign(f"Signer {tag} P", verify=False)
    return {"verified": verified, "pending": pending}


def _mine(body: dict, tag: str) -> list[dict]:
    assert "errors" not in body, body
    return [e["node"] for e in body["data"]["signatures"]["edges"] if tag in e["node"]["organisation"]["name"]]


async def test_public_sees_only_verified_signatures_with_their_organisations(graphql, signed, tag):
    nodes = _mine(await graphql(SIGNATURES, {"first": 200}), tag)

    assert sorted(n["organisation"]["name"] for n in nodes) == [f"Signer {tag} {letter}" for letter in "ABC"]
    for node in nodes:
        assert node["status"] == "VERIFIED"
        assert node["documentKind"] == "PACT"
        assert node["signatoryName"] == f"Signatory of {node['organisation']['name']}"
        assert node["signatoryFunction"] == "Director"
        assert node["signedOn"] == "2021-06-14"
        assert node["signedPlace"] == "Brussels"
        # Who recorded and verified it, and the evidence, are not for the public.
        assert node["recordedBy"] is None and node["decidedBy"] is None and node["evidenceSha256"] is None
        assert node["organisation"]["member"] is True


async def test_secretariat_sees_pending_and_full_records(graphql, signed, secretariat, tag):
    pending_org = signed["pending"]["organisation"]["id"]
    body = await graphql(SIGNATURES, {"organisationId": pending_org}, token=secretariat)
    nodes = _mine(body, tag)
    assert [(n["status"], n["recordedBy"], n["organisation"]["member"]) for n in nodes] == [("RECORDED", "recorder", False)]

    verified = _mine(await graphql(SIGNATURES, {"status": "VERIFIED", "first": 200}, token=secretariat), tag)
    assert {n["decidedBy"] for n in verified} == {"verifier"}
    assert len(verified) == 3


async def test_a_member_sees_its_own_pending_signature(graphql, signed, token, tag):
    pending_org = signed["pending"]["organisation"]["id"]
    nodes = _mine(await graphql(SIGNATURES, {"organisationId": pending_org}, token=token("member", org=pending_org)), tag)
    assert [n["status"] for n in nodes] == ["RECORDED"]
    # ... which the public does not.
    assert _mine(await graphql(SIGNATURES, {"organisationId": pending_org}), tag) == []


async def test_organisations_of_many_signatures_load_in_one_upstream_call(graphql, membership, signed, tag):
    before = len(membership.calls)
    nodes = _mine(await graphql(SIGNATURES, {"first": 200, "status": "VERIFIED"}), tag)
    calls = membership.calls[before:]

    assert len(nodes) == 3
    assert [c.path for c in calls if c.path.startswith("/organisations")] == ["/organisations"]
    assert [c.path for c in calls if c.path.startswith("/signatures")] == ["/signatures"]


async def test_signature_by_id(graphql, signed, secretariat):
    wanted = signed["verified"][0]
    body = await graphql(ONE, {"id": wanted["signature"]["id"]})
    assert "errors" not in body, body
    assert body["data"]["signature"] == {
        "id": global_id("Signature", wanted["signature"]["id"]),  # asked by the service's id, answered with the global id
        "status": "VERIFIED",
        "documentKind": "PACT",
        "signatoryName": wanted["signature"]["signatory_name"],
        "recordedBy": None,
        "decidedBy": None,
        "organisation": {"name": wanted["organisation"]["name"], "member": True},
    }

    # A pending signature is NOT_FOUND for the public (not FORBIDDEN: it must not learn it exists) ...
    pending_id = signed["pending"]["signature"]["id"]
    body = await graphql(ONE, {"id": pending_id})
    assert body["data"] == {"signature": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
    # ... but there for the secretariat.
    body = await graphql(ONE, {"id": pending_id}, token=secretariat)
    assert body["data"]["signature"]["status"] == "RECORDED"


async def test_unknown_signature_is_not_found(graphql):
    body = await graphql(ONE, {"id": "no-such-signature"})
    assert body["data"] == {"signature": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


async def test_member_flag_and_filter_on_organisations(graphql, signed, tag):
    body = await graphql(MEMBERS, {"search": f"Signer {tag}"})
    assert "errors" not in body, body
    flags = {n["name"]: n["member"] for n in body["data"]["organisations"]["nodes"]}
    assert flags == {f"Signer {tag} A": True, f"Signer {tag} B": True, f"Signer {tag} C": True, f"Signer {tag} P": False}

    members = await graphql(MEMBERS, {"search": f"Signer {tag}", "member": True})
    assert sorted(n["name"] for n in members["data"]["organisations"]["nodes"]) == [f"Signer {tag} {letter}" for letter in "ABC"]
    assert members["data"]["organisations"]["totalCount"] == 3

    others = await graphql(MEMBERS, {"search": f"Signer {tag}", "member": False})
    assert [n["name"] for n in others["data"]["organisations"]["nodes"]] == [f"Signer {tag} P"]


NODE = """query($id: ID!) { node(id: $id) { __typename id ... on Signature { status organisation { id name } } ... on Organisation { name member } } }"""
NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"""


async def test_any_object_is_fetched_again_by_its_global_id(graphql, membership, signed, secretariat):
    signature = (await graphql(ONE, {"id": signed["verified"][0]["signature"]["id"]}))["data"]["signature"]
    again = (await graphql(NODE, {"id": signature["id"]}))["data"]["node"]
    assert again["__typename"] == "Signature" and again["id"] == signature["id"] and again["status"] == "VERIFIED"
    organisation = (await graphql(NODE, {"id": again["organisation"]["id"]}))["data"]["node"]
    assert organisation == {"__typename": "Organisation", "id": again["organisation"]["id"], "name": again["organisation"]["name"], "member": True}
    # The global id is accepted wherever an id is, like the service's own id.
    assert (await graphql(ONE, {"id": signature["id"]}))["data"]["signature"]["id"] == signature["id"]

    # Many at once, in order; organisations are one upstream call however many there are.
    orgs = [s["organisation"]["id"] for s in signed["verified"]]  # global ids, as the gateway gave them
    before = len(membership.calls)
    listed = (await graphql(NODES, {"ids": [*orgs, signature["id"]]}))["data"]["nodes"]
    assert [n["__typename"] for n in listed] == ["Organisation"] * 3 + ["Signature"]
    assert [n["id"] for n in listed[:3]] == orgs
    assert [c.path for c in membership.calls[before:] if c.path.startswith("/organisations")] == ["/organisations"]


async def test_node_refuses_what_is_not_a_global_id_and_hides_what_the_caller_may_not_see(graphql, signed, secretariat):
    garbage = await graphql(NODE, {"id": "no-such-thing"})
    assert garbage["data"] == {"node": None} and garbage["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await graphql(NODE, {"id": global_id("Organisation", "00000000-0000-4000-8000-000000000000")})) == {"data": {"node": None}}
    pending = global_id("Signature", signed["pending"]["signature"]["id"])
    assert (await graphql(NODE, {"id": pending}))["data"] == {"node": None}  # the public must not learn it exists
    assert (await graphql(NODE, {"id": pending}, token=secretariat))["data"]["node"]["id"] == pending
