"""The public register of signatures: its signed head, its entries, and the site's own check of both.

The site recomputes the hash chain from the entries it is shown and checks the head's Ed25519 signature
with the published key: what anyone can do offline with ``python -m membership register verify``.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from starlette.requests import Request
from starlette.responses import Response

from web.pages.rendering import query, render

GENESIS = "0" * 64
PAGE = 100


async def public_register(request: Request) -> Response:
    try:
        after = max(0, int(request.query_params.get("after", "0")))
    except ValueError:
        after = 0
    data = await query(request, "PublicRegister", {"after": after})
    head, entries = data["registerHead"], data["registerEntries"]
    chain = await verify_chain(request, head) if after == 0 else None
    return render(request, "register.html", head=head, entries=entries, after=after, page=PAGE,
                  signature_valid=signature_valid(head), chain=chain)


async def verify_chain(request: Request, head: dict) -> dict:
    """Walks every entry, page by page: each hash is SHA-256(previous hash || digest), and the last is the head's."""
    previous, seq, broken = GENESIS, 0, None
    while seq < head["size"] and broken is None:
        entries = (await query(request, "PublicRegister", {"after": seq}))["registerEntries"]
        if not entries:
            break
        for entry in entries:
            expected = hashlib.sha256(bytes.fromhex(previous + entry["digest"])).hexdigest()
            if entry["prevHash"] != previous or entry["hash"] != expected or entry["seq"] != seq + 1:
                broken = entry["seq"]
                break
            previous, seq = entry["hash"], entry["seq"]
    return {"checked": seq, "valid": broken is None and seq == head["size"] and previous == head["hash"], "broken_at": broken}


def signature_valid(head: dict) -> bool:
    try:
        key = load_pem_public_key(head["publicKey"].encode())
        if not isinstance(key, Ed25519PublicKey):
            return False
        key.verify(base64.b64decode(head["signature"]), f"pact-register:v1:{head['size']}:{head['hash']}".encode())
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


ROUTES = [("/register", public_register, ["GET"])]
