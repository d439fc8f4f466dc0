"""Hashes anyone can recompute: ballot receipts and the commitment to a sealed result.

Both hash the canonical JSON of a document: keys sorted, no spaces, UTF-8.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets


def canonical(document) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def new_nonce() -> str:
    return secrets.token_hex(32)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def comment_digest(comment: str | None) -> str:
    return sha256_hex((comment or "").encode())


def receipt(*, nomination_id: str, scores: dict[str, int], comment_sha256: str, nonce: str) -> str:
    """sha256(canonical({"comment_sha256", "nomination_id", "nonce", "scores"})): names no juror."""
    return sha256_hex(canonical({"nomination_id": nomination_id, "scores": scores, "comment_sha256": comment_sha256, "nonce": nonce}))


def commitment(result: dict, nonce: str) -> str:
    """sha256(canonical({"nonce": nonce, "result": result})), published when voting closes."""
    return sha256_hex(canonical({"nonce": nonce, "result": result}))


def commitment_matches(result: dict, nonce: str, expected: str) -> bool:
    return hmac.compare_digest(commitment(result, nonce), expected.lower())
