"""`python -m membership register verify FILE --public-key PEM`: check an exported register offline."""

from __future__ import annotations

import argparse
import base64
import json
from pathlib import Path

from membership.adapters.register_key import signature_is_valid
from membership.domain.register import head_message, verify_chain


def verify_export(export: dict, public_key_pem: str) -> tuple[bool, str]:
    entries = [(e["seq"], e["body"], e["digest"], e["prev_hash"], e["hash"]) for e in export["entries"]]
    result = verify_chain(entries)
    if not result.ok:
        return False, f"entry {result.first_bad_seq}: {result.reason}"
    head = export["head"]
    if (head["size"], head["hash"]) != (result.size, result.head_hash):
        return False, f"the head ({head['size']} entries) does not match the entries ({result.size})"
    if not signature_is_valid(public_key_pem, base64.b64decode(head["signature"]), head_message(head["size"], head["hash"])):
        return False, "the head's signature does not verify with this public key"
    return True, f"{result.size} entries verified; head {result.head_hash} signed by this key"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m membership register", description="The public register of signatures.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("verify", help="verify an export (GET /register/export) with only the public key")
    check.add_argument("file", type=Path)
    check.add_argument("--public-key", type=Path, required=True, help="PEM of the register's Ed25519 public key, obtained out of band")
    args = parser.parse_args(argv)
    ok, message = verify_export(json.loads(args.file.read_text()), args.public_key.read_text())
    print(("OK: " if ok else "FAILED: ") + message)
    return 0 if ok else 1
