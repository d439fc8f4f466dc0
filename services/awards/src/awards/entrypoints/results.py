"""Closing voting (the sealed commitment), publishing and reading results, the audit export."""

from __future__ import annotations

from fastapi import APIRouter, Request
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, NotFound, ProblemError
from servicekit.http import CurrentPrincipal, require_roles

from awards.adapters.editions_repository import Sealed
from awards.entrypoints.editions import load_edition
from awards.entrypoints.problems import handled
from awards.entrypoints.schemas import CommitmentOut, ReceiptCheckOut, ResultsOut
from awards.service_layer import voting

router = APIRouter(prefix="/editions/{edition_id}", tags=["results"], responses=PROBLEM_RESPONSES)


async def _sealed(request: Request, edition_id: str) -> Sealed | None:
    await load_edition(request, edition_id)
    async with request.app.state.runtime.uow() as uow:
        return await uow.editions.sealed(edition_id)


async def _results_out(request: Request, edition_id: str, sealed: Sealed) -> ResultsOut:
    ids = {e["nominee_id"] for c in sealed.result["categories"] for e in c["ranking"]}
    async with request.app.state.runtime.uow() as uow:
        names = {i: o.name for i in ids if (o := await uow.organisations.get(i))}
    published = sealed.published_at is not None
    return ResultsOut(
        edition_id=edition_id,
        published=published,
        published_at=sealed.published_at,
        commitment=sealed.commitment,
        nonce=sealed.nonce if published else None,
        result=sealed.result,
        nominee_names=names,
    )


@router.post("/voting/close", summary="Close voting now: seal the result and publish its commitment")
async def close_voting(edition_id: str, request: Request, _=require_roles(Role.SECRETARIAT)) -> CommitmentOut:
    runtime = request.app.state.runtime
    sealed = await handled(voting.close_voting(edition_id, runtime.uow(), runtime.clock()))
    return CommitmentOut(edition_id=edition_id, commitment=sealed.commitment, voting_closed_at=sealed.closed_at)


@router.get("/commitment", summary="The commitment to the sealed result (public, once voting has closed)")
async def commitment(edition_id: str, request: Request) -> CommitmentOut:
    sealed = await _sealed(request, edition_id)
    if sealed is None:
        raise NotFound("Commitment", f"{edition_id} (voting has not closed)")
    return CommitmentOut(edition_id=edition_id, commitment=sealed.commitment, voting_closed_at=sealed.closed_at)


@router.post("/results/publish", summary="Publish the results now (otherwise at the ceremony session's start)")
async def publish(edition_id: str, request: Request, principal=require_roles(Role.SECRETARIAT)) -> ResultsOut:
    runtime = request.app.state.runtime
    sealed = await handled(voting.publish_results(edition_id, principal.subject, runtime.uow(), runtime.clock()))
    return await _results_out(request, edition_id, sealed)


def _may_preview(principal: Principal) -> bool:
    return principal.role in (Role.SECRETARIAT, Role.OPERATOR)


@router.get("/results", summary="The results: public once published; the secretariat sees the sealed result from the close")
async def results(edition_id: str, request: Request, principal: CurrentPrincipal) -> ResultsOut:
    sealed = await _sealed(request, edition_id)
    if sealed is None or (sealed.published_at is None and not _may_preview(principal)):
        raise NotFound("Results", f"{edition_id} (not published)")
    return await _results_out(request, edition_id, sealed)


@router.get("/receipts/{receipt}", summary="Was this ballot receipt counted? (public, once published)")
async def check_receipt(edition_id: str, receipt: str, request: Request) -> ReceiptCheckOut:
    sealed = await _sealed(request, edition_id)
    if sealed is None or sealed.published_at is None:
        raise NotFound("Results", f"{edition_id} (not published)")
    return ReceiptCheckOut(receipt=receipt, counted=receipt.lower() in sealed.result["receipts"])


@router.get("/export", summary="Audit export: counted ballots without juror identities, receipts, rule parameters")
async def export(edition_id: str, request: Request, _=require_roles(Role.SECRETARIAT, Role.OPERATOR)) -> dict:
    sealed = await _sealed(request, edition_id)
    if sealed is None:
        raise ProblemError(
            409, "VOTING_OPEN", "Voting has not closed", "The export exists once voting has closed; ballots are secret until then."
        )
    return sealed.export
