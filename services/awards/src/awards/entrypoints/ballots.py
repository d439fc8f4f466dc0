"""Ballots: a juror casts and reads only their own. No route returns anyone else's scores."""

from __future__ import annotations

from fastapi import APIRouter, Request
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES, Forbidden, NotFound

from awards.domain import commands
from awards.domain.ballots import BallotVersion
from awards.entrypoints.access import require_roles_in_good_standing
from awards.entrypoints.problems import handled
from awards.entrypoints.schemas import BallotIn, BallotOut, OwnBallot, OwnBallotList, ReceiptOut
from awards.service_layer import voting

router = APIRouter(tags=["ballots"], responses=PROBLEM_RESPONSES)


def _out(ballot: BallotVersion) -> BallotOut:
    return BallotOut(**{k: v for k, v in vars(ballot).items() if k != "juror_id"})


@router.put("/nominations/{nomination_id}/ballot", summary="Cast or change your ballot on a nomination (jurors, while voting is open)")
async def cast(nomination_id: str, body: BallotIn, request: Request, principal=require_roles_in_good_standing(Role.JUROR)) -> ReceiptOut:
    runtime = request.app.state.runtime
    cmd = commands.CastBallot(principal.juror_id, nomination_id, body.scores, body.comment)
    ballot = await handled(voting.cast_ballot(cmd, principal.juror_id, runtime.uow(), runtime.clock()))
    return ReceiptOut(
        nomination_id=ballot.nomination_id, version=ballot.version, receipt=ballot.receipt, nonce=ballot.nonce, cast_at=ballot.cast_at
    )


@router.get("/nominations/{nomination_id}/ballot", summary="Your own ballot on a nomination, with every version you cast")
async def own_ballot(nomination_id: str, request: Request, principal=require_roles_in_good_standing(Role.JUROR)) -> OwnBallot:
    async with request.app.state.runtime.uow() as uow:
        history = await uow.ballots.own_history(principal.juror_id, nomination_id)
    if not history:
        raise NotFound("Ballot", f"{nomination_id} (yours)")
    return OwnBallot(current=_out(history[-1]), history=[_out(b) for b in history])


@router.get("/jurors/{juror_id}/ballots", summary="Your own current ballots")
async def own_ballots(juror_id: str, request: Request, principal=require_roles_in_good_standing(Role.JUROR)) -> OwnBallotList:
    if principal.juror_id != juror_id:
        raise Forbidden("Ballots are secret: a juror reads only their own.")
    async with request.app.state.runtime.uow() as uow:
        return OwnBallotList(items=[_out(b) for b in await uow.ballots.own(juror_id)])
