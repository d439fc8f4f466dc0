"""Checks anyone can run against published documents, without trusting the service's own answers."""

from __future__ import annotations

from fastapi import APIRouter
from servicekit.errors import ProblemError

from awards.domain import audit
from awards.entrypoints.schemas import CommitmentCheckIn, CommitmentCheckOut

router = APIRouter(prefix="/audit", tags=["audit"])


@router.post("/commitment-check", summary="Does sha256(canonical {nonce, result}) equal the commitment?")
async def check_commitment(body: CommitmentCheckIn) -> CommitmentCheckOut:
    try:
        return CommitmentCheckOut(matches=audit.commitment_matches(body.result, body.nonce, body.commitment))
    except UnicodeEncodeError:
        # JSON allows lone surrogates (\ud800); published results never contain them, and they cannot be hashed as UTF-8.
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid text", "The result or nonce contains text that is not valid Unicode.") from None
