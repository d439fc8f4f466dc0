"""The public register of signatures and letters of support: entries, the signed head, inclusion proofs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from gateway.context import Info


@strawberry.type(description="The register's head, signed with membership's Ed25519 key: check it with the public key, obtained out of band.")
class SignedRegisterHead:
    size: int = strawberry.field(description="Number of entries.")
    hash: str = strawberry.field(description="The hash chain's last hash (hex SHA-256).")
    signature: str = strawberry.field(description="Base64 Ed25519 signature of 'pact-register:v1:<size>:<hash>'.")
    root: str = strawberry.field(description="RFC 6962 Merkle tree root over the entries' digests.")
    tree_signature: str = strawberry.field(description="Base64 Ed25519 signature of 'pact-register-tree:v1:<size>:<root>'.")
    public_key: str = strawberry.field(description="PEM of the key that signs heads.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> SignedRegisterHead:
        return cls(size=data["size"], hash=data["hash"], signature=data["signature"], root=data["root"], tree_signature=data["tree_signature"],
                   public_key=data["public_key"])


@strawberry.type(description="Proof that an entry is in the signed register: fold the audit path into the leaf hash to get the head's root.")
class InclusionProof:
    leaf_index: int = strawberry.field(description="The entry's position in the tree (seq - 1).")
    tree_size: int = strawberry.field(description="The size of the signed tree the path leads to.")
    leaf_hash: str = strawberry.field(description="SHA-256(0x00 || digest bytes).")
    audit_path: list[str] = strawberry.field(description="RFC 6962 audit path (hex hashes), leaf side first.")
    head: SignedRegisterHead = strawberry.field(description="The signed head the path leads to.")


@strawberry.type(description="A personal value of an entry's body (a signatory's name, say), which the body holds only as a commitment.")
class RegisterDisclosure:
    field: str = strawberry.field(description="The body's field the value belongs to.")
    value: str = strawberry.field(description="The value.")
    salt: str = strawberry.field(description="The salt: SHA-256(salt || value) is the commitment in the body.")


@strawberry.type(
    description="One register entry: a signature or letter-of-support event. The public sees only the digest of pending and rejected ones."
)
class RegisterEntry:
    seq: int = strawberry.field(description="Position in the register, from 1.")
    event_type: str | None = strawberry.field(description="The event recorded; null when withheld from you.")
    subject: str | None = strawberry.field(description="The signature or letter of support it concerns; null when withheld.")
    body: str | None = strawberry.field(description="Canonical JSON of the event; null when withheld. Its SHA-256 is the digest.")
    digest: str = strawberry.field(description="SHA-256 (hex) of the body.")
    prev_hash: str = strawberry.field(description="The previous entry's hash.")
    hash: str = strawberry.field(description="SHA-256(prev_hash || digest).")
    recorded_at: datetime = strawberry.field(description="When the entry was appended (UTC).")
    disclosures: list[RegisterDisclosure] = strawberry.field(
        description="The personal values behind the body's commitments, while not erased; empty when the body is withheld or they were erased."
    )
    body_erased_at: datetime | None = strawberry.field(
        description="Entries from before commitments: when the body was removed because a person it named was erased (the digest still verifies)."
    )

    @strawberry.field(description="Its inclusion proof up to the current signed head (one call to membership per entry asked for).")
    async def proof(self, info: Info) -> InclusionProof:
        data = await info.context.membership.register_proof(self.seq)
        return InclusionProof(leaf_index=data["leaf_index"], tree_size=data["tree_size"], leaf_hash=data["leaf_hash"],
                              audit_path=data["audit_path"], head=SignedRegisterHead.from_upstream(data["head"]))

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> RegisterEntry:
        return cls(seq=data["seq"], event_type=data.get("event_type"), subject=data.get("subject"), body=data.get("body"), digest=data["digest"],
                   prev_hash=data["prev_hash"], hash=data["hash"], recorded_at=datetime.fromisoformat(data["recorded_at"]),
                   disclosures=[RegisterDisclosure(field=d["field"], value=d["value"], salt=d["salt"]) for d in data.get("disclosures") or []],
                   body_erased_at=datetime.fromisoformat(data["body_erased_at"]) if data.get("body_erased_at") else None)
