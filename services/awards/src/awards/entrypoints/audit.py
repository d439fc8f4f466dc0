"""Checks anyone can run against published documents, without trusting the service's own answers."""

from __future__ import annotations

from fastapi import APIRouter

from awards.domain import audit
from awards.entrypoints.schemas import CommitmentCheckIn, CommitmentCheckOut

router = APIRouter(prefix="/audit", tags=["audit"])


@router.post("/commitment-check", summary="Does sha256(canonical {nonce, result}) equal the commitment?")
async def check_commitment(body: CommitmentCheckIn) -> CommitmentCheckOut:
    return CommitmentCheckOut(matches=audit.commitment_matches(body.result, body.nonce, body.commitment))
