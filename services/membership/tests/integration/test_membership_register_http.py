"""The register over HTTP and offline: signed head, verify, export, and the CLI with only the public key."""

import base64
import json
import subprocess
import sys
from typing import ClassVar

import pytest
from servicekit.testing import bearer

from membership.adapters.register_key import new_private_pem, signature_is_valid
from membership.domain.merkle import root_of
from membership.domain.register import head_message, tree_head_message
from sqlalchemy import text

from contracts import IntegrationEvent


class SignatureVerifiedForTest(IntegrationEvent):
    event_type: ClassVar[str] = "membership.signature.verified.v1"
    topic: ClassVar[str] = "membership.signature"
    aggregate_field: ClassVar[str] = "signature_id"
    signature_id: str


class SignatureRecordedForTest(SignatureVerifiedForTest):
    event_type: ClassVar[str] = "membership.signature.recorded.v1"


@pytest.fixture
def membership_env(tmp_path):
    key_file = tmp_path / "register.pem"
    key_file.write_text(new_private_pem())
    return {"register_signing_key": str(key_file)}


@pytest.fixture
async def api(api):
    """The app with 12 signature-like events already in its register."""
    for n in range(12):
        async with api.runtime.uow() as uow:
            # Even entries are public (verified), odd ones pending (recorded): the public sees their digest only.
            uow.emit((SignatureVerifiedForTest if n % 2 == 0 else SignatureRecordedForTest)(signature_id=f"sig-{n}"))
            await uow.commit()
    return api


async def test_the_head_is_signed_and_the_register_pages(api):
    head = (await api.get("/register/head")).json()
    assert head["size"] == 12 and head["algorithm"] == "Ed25519"
    assert signature_is_valid(head["public_key"], base64.b64decode(head["signature"]), head_message(head["size"], head["hash"]))
    page = (await api.get("/register", params={"after": 10, "first": 5})).json()
    assert [e["seq"] for e in page["entries"]] == [11, 12] and page["entries"][-1]["hash"] == head["hash"]


async def test_verify_names_the_entry_edited_in_the_database(api):
    assert (await api.get("/register/verify")).json()["ok"] is True
    async with api.runtime.engine.begin() as conn:
        await conn.execute(text("UPDATE register_entries SET body = replace(body, 'sig-4', 'sig-X') WHERE seq = 5"))
    result = (await api.get("/register/verify")).json()
    assert (result["ok"], result["first_bad_seq"], result["size"]) == (False, 5, 4)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "membership", "register", "verify", *map(str, args)], capture_output=True, text=True)


async def test_the_public_sees_pending_entries_as_digests_only(api, token):
    public = (await api.get("/register", params={"first": 4})).json()["entries"]
    assert [e["body"] is None for e in public] == [False, True, False, True]
    assert public[1]["event_type"] is None and public[1]["subject"] is None and len(public[1]["digest"]) == 64
    secretariat = (await api.get("/register", params={"first": 4}, headers=bearer(token("secretariat")))).json()["entries"]
    assert all(e["body"] for e in secretariat)


async def test_an_export_verifies_offline_with_only_the_public_key(api, tmp_path):
    export = (await api.get("/register/export")).json()  # as the public gets it: pending bodies withheld
    public_key = tmp_path / "public.pem"
    public_key.write_text(export["head"]["public_key"])
    good = tmp_path / "register.json"
    good.write_text(json.dumps(export))
    result = _cli(good, "--public-key", public_key)
    assert result.returncode == 0 and "12 entries verified" in result.stdout

    export["entries"][8]["body"] = export["entries"][8]["body"].replace("sig-8", "sig-Z")
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(export))
    result = _cli(bad, "--public-key", public_key)
    assert result.returncode == 1 and "entry 9" in result.stdout

    other_key = tmp_path / "other.pem"
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other_key.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    result = _cli(good, "--public-key", other_key)
    assert result.returncode == 1 and "signature" in result.stdout


async def test_every_entry_has_an_inclusion_proof_to_the_signed_root(api, tmp_path):
    head = (await api.get("/register/head")).json()
    assert signature_is_valid(head["public_key"], base64.b64decode(head["tree_signature"]), tree_head_message(head["size"], head["root"]))
    for seq in range(1, 13):
        proof = (await api.get(f"/register/entries/{seq}/proof")).json()
        assert proof["tree_size"] == 12 and proof["head"]["root"] == head["root"]
        assert root_of(proof["leaf_hash"], seq - 1, 12, proof["audit_path"]) == head["root"]
        assert (proof["entry"]["body"] is None) == (seq % 2 == 0)  # pending ones: digest only, still provable
    assert (await api.get("/register/entries/13/proof")).status_code == 404
    assert (await api.get("/register/entries/0/proof")).status_code == 422

    public_key = tmp_path / "public.pem"
    public_key.write_text(head["public_key"])
    proof = (await api.get("/register/entries/5/proof")).json()
    good = tmp_path / "proof.json"
    good.write_text(json.dumps(proof))
    result = _prove(good, "--public-key", public_key)
    assert result.returncode == 0 and "entry 5 is in the register of 12 entries" in result.stdout
    proof["audit_path"][1] = "0" * 64
    bad = tmp_path / "bad-proof.json"
    bad.write_text(json.dumps(proof))
    result = _prove(bad, "--public-key", public_key)
    assert result.returncode == 1 and "does not lead to the signed root" in result.stdout


async def test_verify_finds_a_head_root_that_does_not_match_the_entries(api):
    assert (await api.get("/register/verify")).json()["root"] == (await api.get("/register/head")).json()["root"]
    async with api.runtime.engine.begin() as conn:
        await conn.execute(text("UPDATE register_head SET root = :root"), {"root": "1" * 64})
    result = (await api.get("/register/verify")).json()
    assert result["ok"] is False and "Merkle root" in result["reason"]


def _prove(*args):
    return subprocess.run([sys.executable, "-m", "membership", "register", "prove", *map(str, args)], capture_output=True, text=True)
