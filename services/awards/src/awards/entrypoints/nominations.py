"""Nominations: members nominate; the secretariat screens and shortlists."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, NotFound
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key

from awards.domain import commands
from awards.domain.nominations import Nomination, NominationStatus
from awards.entrypoints.editions import load_edition
from awards.entrypoints.problems import handled
from awards.entrypoints.schemas import NominationIn, NominationList, NominationOut, ScreeningIn
from awards.service_layer import nominations as handlers

router = APIRouter(tags=["nominations"], responses=PROBLEM_RESPONSES)


def _sees_reason(principal: Principal, nomination: Nomination) -> bool:
    return principal.role in (Role.SECRETARIAT, Role.OPERATOR) or principal.organisation_id == nomination.nominator_id


async def nomination_out(request: Request, principal: Principal, nomination: Nomination) -> NominationOut:
    async with request.app.state.runtime.uow() as uow:
        nominee = await uow.organisations.get(nomination.nominee_id)
    data = {k: getattr(nomination, k) for k in NominationOut.model_fields if hasattr(nomination, k)}
    data["status"] = nomination.status.value
    data["screening_reason"] = nomination.screening_reason if _sees_reason(principal, nomination) else None
    return NominationOut(**data, nominee_name=nominee.name if nominee else None)


@router.post("/editions/{edition_id}/nominations", status_code=status.HTTP_201_CREATED, summary="Nominate an organisation (members)")
async def nominate(edition_id: str, body: NominationIn, request: Request, principal=require_roles(Role.MEMBER)) -> NominationOut:
    cmd = commands.Nominate(
        edition_id,
        body.category_id,
        body.nominee_id,
        principal.organisation_id,
        dict(body.motivation),
        [str(link) for link in body.links],
        principal.subject,
    )
    runtime = request.app.state.runtime
    nomination = await handled(handlers.submit(cmd, runtime.uow(), runtime.clock()))
    return await nomination_out(request, principal, nomination)


@router.get("/editions/{edition_id}/nominations", summary="The nominations of an edition (public)")
async def list_nominations(
    edition_id: str,
    request: Request,
    principal: CurrentPrincipal,
    status: Literal["submitted", "eligible", "ineligible", "shortlisted", "winner", "not_winner"] | None = None,
    category_id: Key | None = None,
) -> NominationList:
    await load_edition(request, edition_id)
    async with request.app.state.runtime.uow() as uow:
        found = await uow.nominations.of_edition(edition_id, status=NominationStatus(status) if status else None, category_id=category_id)
    return NominationList(items=[await nomination_out(request, principal, n) for n in found])


@router.get("/nominations/{nomination_id}", summary="One nomination (public)")
async def get_nomination(nomination_id: str, request: Request, principal: CurrentPrincipal) -> NominationOut:
    async with request.app.state.runtime.uow() as uow:
        nomination = await uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFound("Nomination", nomination_id)
    return await nomination_out(request, principal, nomination)


@router.post("/nominations/{nomination_id}/screening", summary="Screen a nomination: eligible, or ineligible with a reason")
async def screen(nomination_id: str, body: ScreeningIn, request: Request, principal=require_roles(Role.SECRETARIAT)) -> NominationOut:
    cmd = commands.ScreenNomination(nomination_id, body.decision == "eligible", body.reason, principal.subject)
    runtime = request.app.state.runtime
    nomination = await handled(handlers.screen(cmd, runtime.uow(), runtime.clock()))
    return await nomination_out(request, principal, nomination)


@router.post("/nominations/{nomination_id}/shortlist", summary="Shortlist an eligible nomination: the jury scores it")
async def shortlist(nomination_id: str, request: Request, principal=require_roles(Role.SECRETARIAT)) -> NominationOut:
    runtime = request.app.state.runtime
    nomination = await handled(handlers.shortlist(nomination_id, runtime.uow(), runtime.clock()))
    return await nomination_out(request, principal, nomination)
