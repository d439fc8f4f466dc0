"""The public register of signatures: an append-only hash chain with a signed head.

Entry n stores the canonical JSON of the signature event it records (its body),
digest_n = SHA-256(body_n) and hash_n = SHA-256(hash_{n-1} || digest_n); the head
(size and last hash) is signed with the service's Ed25519 key. Chaining digests,
not bodies, lets the public check the whole chain while bodies that are not
public (a signature still pending, or rejected) are withheld from them: anyone
holding an export and the public key can verify it without trusting the service.
Personal values (a signatory's name and function) never enter a body: the body holds a salted
commitment ``{"commitment": SHA-256(salt || value)}`` and the salt and value live beside the
chain (disclosures). While they exist anyone shown them can check them against the body; an
erasure deletes them, and what remains (the commitment) cannot be tested against a guessed name
because the salt is gone. The chain, the digests and the Merkle tree never change.
Plain Python: hashing and canonical JSON only.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Iterable

from membership.domain.merkle import RootBuilder

GENESIS = "0" * 64  # the "previous hash" of the first entry

# Signature and letter-of-support events are what the register is for.
REGISTERED_EVENT_PREFIXES = ("membership.signature.", "membership.support_letter.")
# Bodies the public may read: signatures that were verified (and later withdrawn). Pending and
# rejected ones stay digests only.
PUBLIC_EVENT_SUFFIXES = (".verified.v1", ".withdrawn.v1")


def is_registered(event_type: str) -> bool:
    return event_type.startswith(REGISTERED_EVENT_PREFIXES)


def is_public(event_type: str) -> bool:
    return event_type.endswith(PUBLIC_EVENT_SUFFIXES)


# Fields of registered events that name or may name a person: the signatory's, and a rejection or
# withdrawal reason (free text that may quote them); and the token subjects of the staff who acted
# (an identity provider may use e-mail addresses). Committed to, never written into a body.
SIGNATORY_FIELDS = ("signatory_name", "signatory_function", "reason")
ACTOR_FIELDS = ("recorded_by", "verified_by", "rejected_by", "withdrawn_by")
PERSONAL_FIELDS = SIGNATORY_FIELDS + ACTOR_FIELDS
SALT_BYTES = 32


@dataclass(frozen=True)
class Disclosure:
    """A personal value of entry ``seq`` and the salt that opens its commitment in the body's ``data[field]``."""

    seq: int
    field: str
    value: str
    salt: str  # hex


def commitment(salt: str, value: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + value.encode()).hexdigest()


def commit_personal(seq: int, data: dict, new_salt=lambda: secrets.token_hex(SALT_BYTES)) -> tuple[dict, list[Disclosure]]:
    """The event's data with each personal value replaced by its commitment, and the disclosures that open them."""
    committed, disclosures = dict(data), []
    for name in PERSONAL_FIELDS:
        if isinstance(data.get(name), str):
            salt = new_salt()
            committed[name] = {"commitment": commitment(salt, data[name])}
            disclosures.append(Disclosure(seq, name, data[name], salt))
    return committed, disclosures


def disclosure_matches(body: str, field: str, value: str, salt: str) -> bool:
    """The disclosed value is the one the (unaltered) body committed to."""
    try:
        committed = json.loads(body)["data"][field]
        return isinstance(committed, dict) and committed.get("commitment") == commitment(salt, value)
    except (ValueError, KeyError, TypeError):
        return False


@dataclass(frozen=True)
class RegisterEntry:
    seq: int
    body: str  # canonical JSON of the event
    digest: str  # SHA-256 of the body
    prev_hash: str
    hash: str


def canonical_body(*, seq: int, event_id: str, event_type: str, subject: str, time: str, data: dict) -> str:
    document = {"seq": seq, "event_id": event_id, "type": event_type, "subject": subject, "time": time, "data": data}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def chain_hash(prev_hash: str, digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash + digest)).hexdigest()


def next_entry(seq: int, prev_hash: str, body: str) -> RegisterEntry:
    digest = body_digest(body)
    return RegisterEntry(seq=seq, body=body, digest=digest, prev_hash=prev_hash, hash=chain_hash(prev_hash, digest))


@dataclass(frozen=True)
class Verification:
    size: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str | None = None
    root: str | None = None  # the Merkle root of the entries that matched, when the verifier computed it

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and self.reason is None


class ChainVerifier:
    """Recomputes the chain from (seq, body or None, digest, prev_hash, hash) rows fed in order, chunk by chunk.

    A withheld body (None) is taken on its digest; a present one must hash to it.
    """

    def __init__(self, tree: bool = False) -> None:
        self.tree = RootBuilder() if tree else None
        self.size = 0
        self.head_hash = GENESIS
        self.first_bad_seq: int | None = None
        self.reason: str | None = None

    def feed(self, rows: Iterable[tuple[int, str | None, str, str, str]]) -> bool:
        """False once an entry does not match; later rows are then ignored."""
        if self.reason:
            return False
        sha256, expected, size = hashlib.sha256, self.head_hash, self.size
        for seq, body, digest, prev_hash, stored_hash in rows:
            if seq != size + 1:
                return self._fail(seq, f"entry {seq} follows entry {size}: an entry is missing or was inserted")
            if prev_hash != expected:
                return self._fail(seq, f"entry {seq} does not point at the hash of entry {size}")
            if body is not None and sha256(body.encode()).hexdigest() != digest:
                return self._fail(seq, f"entry {seq} was altered: its body does not hash to its digest")
            if sha256(bytes.fromhex(prev_hash + digest)).hexdigest() != stored_hash:
                return self._fail(seq, f"entry {seq} was altered: its digest does not chain to its stored hash")
            expected, size = stored_hash, seq
            self.head_hash, self.size = expected, size
            if self.tree is not None:
                self.tree.add(digest)
        return True

    def _fail(self, seq: int, reason: str) -> bool:
        self.first_bad_seq, self.reason = seq, reason
        return False

    def result(self) -> Verification:
        root = self.tree.root() if self.tree is not None else None
        return Verification(self.size, self.head_hash, self.first_bad_seq, self.reason, root)


def verify_chain(rows: Iterable[tuple[int, str | None, str, str, str]]) -> Verification:
    verifier = ChainVerifier()
    verifier.feed(rows)
    return verifier.result()


def head_message(size: int, head_hash: str) -> bytes:
    """What the service signs: the register's size and last hash."""
    return f"pact-register:v1:{size}:{head_hash}".encode()


def tree_head_message(size: int, root: str) -> bytes:
    """What the service also signs: the Merkle tree's size and root (RFC 6962), which inclusion proofs lead to."""
    return f"pact-register-tree:v1:{size}:{root}".encode()
