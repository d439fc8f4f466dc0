"""The public register over HTTP: entries, the signed head, inclusion proofs, verification and export."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES, NotFound
from servicekit.http import CurrentPrincipal

from membership.adapters.register_key import public_pem
from membership.domain.register import head_message, tree_head_message
from membership.service_layer import register

router = APIRouter(prefix="/register", tags=["register"], responses=PROBLEM_RESPONSES)
_SEES_EVERYTHING = {Role.SECRETARIAT, Role.OPERATOR}


class SignedHead(BaseModel):
    size: int = Field(description="Number of entries.")
    hash: str = Field(description="Hash of the last entry (hex SHA-256); 64 zeros when empty.")
    algorithm: str = "Ed25519"
    signature: str = Field(description="Base64 Ed25519 signature of 'pact-register:v1:<size>:<hash>'.")
    root: str = Field(description="RFC 6962 Merkle tree root over the entries' digests (leaf = SHA-256(0x00 || digest)).")
    tree_signature: str = Field(description="Base64 Ed25519 signature of 'pact-register-tree:v1:<size>:<root>'.")
    public_key: str = Field(description="PEM of the key that signs heads.")


class Disclosure(BaseModel):
    field: str = Field(description="The personal field of the body's data, e.g. signatory_name.")
    value: str
    salt: str = Field(description="Hex; SHA-256(salt bytes || UTF-8 value) equals the body's data[field].commitment.")


class Entry(BaseModel):
    seq: int
    event_type: str | None = Field(description="Withheld (null) from the public for pending and rejected signatures.")
    subject: str | None = Field(description="The signature or letter of support the entry records; withheld like event_type.")
    body: str | None = Field(description="Canonical JSON of the event; withheld like event_type, and null once an entry from before "
                                         "commitments loses its body to an erasure (see body_erased_at). digest = SHA-256(body). "
                                         'Personal values appear as {"commitment": hex}.')
    digest: str
    prev_hash: str
    hash: str = Field(description="SHA-256(prev_hash bytes || digest bytes).")
    recorded_at: datetime
    disclosures: list[Disclosure] = Field(default_factory=list, description="The personal values the body commits to, with their salts; "
                                          "shown with the body, and gone once the person is erased.")
    body_erased_at: datetime | None = Field(default=None, description="When an erasure removed the body of an entry written before "
                                            "commitments; its digest still chains.")


class EntryPage(BaseModel):
    entries: list[Entry]
    head: SignedHead


class InclusionProof(BaseModel):
    entry: Entry
    leaf_index: int = Field(description="seq - 1.")
    tree_size: int = Field(description="The size of the signed tree the path leads to (the head's size).")
    leaf_hash: str = Field(description="SHA-256(0x00 || digest bytes).")
    audit_path: list[str] = Field(description="RFC 6962 audit path, leaf side first: fold it into the leaf hash to get head.root.")
    head: SignedHead


class VerifyResult(BaseModel):
    ok: bool
    size: int = Field(description="Entries that matched before the first mismatch (all of them when ok).")
    head_hash: str
    first_bad_seq: int | None = Field(description="The first entry that does not match, if any.")
    reason: str | None
    root: str | None = Field(default=None, description="The Merkle root recomputed from the entries that matched.")


class Export(BaseModel):
    head: SignedHead
    entries: list[Entry]


async def _signed_head(request: Request, conn, head: register.TreeHead | None = None) -> SignedHead:
    head = head or await register.read_tree_head(conn)
    key = request.app.state.register_key

    def sign(message: bytes) -> str:
        return base64.b64encode(key.sign(message)).decode()

    return SignedHead(size=head.size, hash=head.hash, signature=sign(head_message(head.size, head.hash)), root=head.root,
                      tree_signature=sign(tree_head_message(head.size, head.root)), public_key=public_pem(key))


@router.get("", summary="Register entries in order, with the signed head")
async def list_entries(
    request: Request,
    principal: CurrentPrincipal,
    after: Annotated[int, Query(ge=0, description="Last seq already seen")] = 0,
    first: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EntryPage:
    async with request.app.state.runtime.engine.connect() as conn:
        entries = await register.read_entries(conn, after=after, limit=first, everything=principal.role in _SEES_EVERYTHING)
        return EntryPage(entries=[Entry(**e) for e in entries], head=await _signed_head(request, conn))


@router.get("/head", summary="The register's size and last hash, signed with the service's Ed25519 key")
async def head(request: Request) -> SignedHead:
    async with request.app.state.runtime.engine.connect() as conn:
        return await _signed_head(request, conn)


@router.get("/verify", summary="Recompute the whole chain; names the first entry that does not match")
async def verify(request: Request) -> VerifyResult:
    async with request.app.state.runtime.engine.connect() as conn:
        result = await register.verify(conn)
    return VerifyResult(ok=result.ok, size=result.size, head_hash=result.head_hash, first_bad_seq=result.first_bad_seq, reason=result.reason,
                        root=result.root)


@router.get("/entries/{seq}/proof", summary="An entry's RFC 6962 inclusion proof up to the current signed tree head")
async def inclusion_proof(request: Request, principal: CurrentPrincipal, seq: Annotated[int, Path(ge=1)]) -> InclusionProof:
    async with request.app.state.runtime.engine.connect() as conn:
        proof = await register.inclusion_proof(conn, seq, everything=principal.role in _SEES_EVERYTHING)
        if proof is None:
            raise NotFound("Register entry", str(seq))
        head = await _signed_head(request, conn, proof.head)
    return InclusionProof(entry=Entry(**proof.entry), leaf_index=seq - 1, tree_size=proof.head.size, leaf_hash=proof.leaf_hash,
                          audit_path=proof.audit_path, head=head)


@router.get("/export", summary="The whole register and its signed head, for offline verification")
async def export(request: Request, principal: CurrentPrincipal) -> Export:
    async with request.app.state.runtime.engine.connect() as conn:
        entries = await register.read_entries(conn, after=0, limit=10**9, everything=principal.role in _SEES_EVERYTHING)
        return Export(head=await _signed_head(request, conn), entries=[Entry(**e) for e in entries])
