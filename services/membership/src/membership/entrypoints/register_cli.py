"""Offline register tools, needing only the register's public key:

    python -m membership register verify EXPORT.json --public-key PEM   (GET /register/export)
    python -m membership register prove PROOF.json --public-key PEM     (GET /register/entries/{seq}/proof)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
from pathlib import Path

from membership.adapters.register_key import signature_is_valid
from membership.domain.merkle import Frontier, leaf_hash, root_of
from membership.domain.register import disclosure_matches, head_message, tree_head_message, verify_chain


def _signed(public_key_pem: str, signature: str, message: bytes) -> bool:
    return signature_is_valid(public_key_pem, base64.b64decode(signature), message)


def _false_disclosure(entry: dict) -> str | None:
    """A disclosed personal value must open the commitment in the entry's (verified) body."""
    for disclosure in entry.get("disclosures") or []:  # exports from before commitments carry none
        if entry["body"] is None or not disclosure_matches(entry["body"], disclosure["field"], disclosure["value"], disclosure["salt"]):
            return f"entry {entry['seq']}'s disclosed {disclosure['field']} does not match the commitment in its body"
    return None


def verify_export(export: dict, public_key_pem: str) -> tuple[bool, str]:
    entries = [(e["seq"], e["body"], e["digest"], e["prev_hash"], e["hash"]) for e in export["entries"]]
    result = verify_chain(entries)
    if not result.ok:
        return False, f"entry {result.first_bad_seq}: {result.reason}"
    for entry in export["entries"]:
        if problem := _false_disclosure(entry):
            return False, problem
    head = export["head"]
    if (head["size"], head["hash"]) != (result.size, result.head_hash):
        return False, f"the head ({head['size']} entries) does not match the entries ({result.size})"
    if not _signed(public_key_pem, head["signature"], head_message(head["size"], head["hash"])):
        return False, "the head's signature does not verify with this public key"
    if "root" in head:  # exports from before the Merkle tree carry no root
        frontier = Frontier()
        for entry in export["entries"]:
            frontier.append(entry["digest"])
        if frontier.root() != head["root"]:
            return False, "the head's Merkle root does not match the entries"
        if not _signed(public_key_pem, head["tree_signature"], tree_head_message(head["size"], head["root"])):
            return False, "the tree head's signature does not verify with this public key"
    return True, f"{result.size} entries verified; head {result.head_hash} signed by this key"


def verify_proof(proof: dict, public_key_pem: str) -> tuple[bool, str]:
    """One entry is in the signed tree: its body hashes to its digest, its audit path leads to the signed root."""
    entry, head = proof["entry"], proof["head"]
    if entry["body"] is not None and hashlib.sha256(entry["body"].encode()).hexdigest() != entry["digest"]:
        return False, f"entry {entry['seq']} was altered: its body does not hash to its digest"
    if problem := _false_disclosure(entry):
        return False, problem
    if proof["tree_size"] != head["size"] or proof["leaf_index"] != entry["seq"] - 1:
        return False, "the proof's index or tree size does not match its entry and head"
    root = root_of(leaf_hash(entry["digest"]), proof["leaf_index"], proof["tree_size"], proof["audit_path"])
    if root != head["root"]:
        return False, f"entry {entry['seq']}'s audit path does not lead to the signed root"
    if not _signed(public_key_pem, head["tree_signature"], tree_head_message(head["size"], head["root"])):
        return False, "the tree head's signature does not verify with this public key"
    return True, f"entry {entry['seq']} is in the register of {head['size']} entries whose root {head['root']} is signed by this key"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m membership register", description="The public register of signatures.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("verify", "verify an export (GET /register/export) with only the public key"),
                           ("prove", "verify an inclusion proof (GET /register/entries/{seq}/proof) with only the public key")):
        command = sub.add_parser(name, help=helptext)
        command.add_argument("file", type=Path)
        command.add_argument("--public-key", type=Path, required=True, help="PEM of the register's Ed25519 public key, obtained out of band")
    args = parser.parse_args(argv)
    check = verify_export if args.command == "verify" else verify_proof
    ok, message = check(json.loads(args.file.read_text()), args.public_key.read_text())
    print(("OK: " if ok else "FAILED: ") + message)
    return 0 if ok else 1
