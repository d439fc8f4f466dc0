"""The jury: the secretariat invites, jurors accept and declare conflicts of interest."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES, Forbidden, NotFound
from servicekit.http import require_roles

from awards.domain import commands
from awards.domain.jury import Juror, own_organisation_conflict
from awards.entrypoints.editions import load_edition
from awards.entrypoints.access import require_roles_in_good_standing
from awards.entrypoints.problems import handled
from awards.entrypoints.schemas import ConflictIn, ConflictList, ConflictOut, JurorIn, JurorList, JurorOut, JurorRemovalIn
from awards.service_layer import jury as handlers

router = APIRouter(tags=["jury"], responses=PROBLEM_RESPONSES)


def _out(juror: Juror) -> JurorOut:
    return JurorOut(**{**vars(juror), "status": juror.status.value})


@router.post("/editions/{edition_id}/jurors", status_code=status.HTTP_201_CREATED, summary="Invite a juror (awards.juror.invited.v1)")
async def invite(edition_id: str, body: JurorIn, request: Request, _=require_roles(Role.SECRETARIAT)) -> JurorOut:
    cmd = commands.InviteJuror(edition_id, body.name, body.email, body.language, body.organisation_id)
    runtime = request.app.state.runtime
    return _out(await handled(handlers.invite(cmd, runtime.uow(), runtime.clock())))


@router.get("/editions/{edition_id}/jurors", summary="The jury of an edition (secretariat)")
async def list_jurors(edition_id: str, request: Request, _=require_roles(Role.SECRETARIAT)) -> JurorList:
    await load_edition(request, edition_id)
    async with request.app.state.runtime.uow() as uow:
        return JurorList(items=[_out(j) for j in await uow.jury.of_edition(edition_id)])


@router.get("/jurors/{juror_id}", summary="One juror (the secretariat, or the juror themself)")
async def get_juror(juror_id: str, request: Request, principal=require_roles_in_good_standing(Role.SECRETARIAT, Role.JUROR)) -> JurorOut:
    if principal.role is Role.JUROR and principal.juror_id != juror_id:
        raise Forbidden("A juror token reads only its own juror.")
    async with request.app.state.runtime.uow() as uow:
        juror = await uow.jury.get(juror_id)
    if juror is None:
        raise NotFound("Juror", juror_id)
    return _out(juror)


@router.post("/jurors/{juror_id}/acceptance", summary="Accept the invitation (the juror's own token)")
async def accept(juror_id: str, request: Request, principal=require_roles_in_good_standing(Role.JUROR)) -> JurorOut:
    runtime = request.app.state.runtime
    return _out(await handled(handlers.accept(juror_id, principal.juror_id, runtime.uow(), runtime.clock())))


@router.post(
    "/jurors/{juror_id}/removal",
    summary="Remove a juror from the jury until voting closes (secretariat, operator)",
    description="The juror's ballots stop counting (the tally counts accepted jurors only) and their token is refused with "
    "JUROR_REMOVED. Removing a removed juror answers 200 and changes nothing. Once voting has ended: 409 VOTING_CLOSED.",
)
async def remove(
    juror_id: str, body: JurorRemovalIn, request: Request, principal=require_roles(Role.SECRETARIAT, Role.OPERATOR)
) -> JurorOut:
    runtime = request.app.state.runtime
    return _out(await handled(handlers.remove(juror_id, body.reason, principal.subject, runtime.uow(), runtime.clock())))


@router.post(
    "/jurors/{juror_id}/conflicts", status_code=status.HTTP_201_CREATED, summary="Declare a conflict of interest with a nomination"
)
async def declare(juror_id: str, body: ConflictIn, request: Request, principal=require_roles_in_good_standing(Role.JUROR)) -> ConflictOut:
    runtime = request.app.state.runtime
    cmd = commands.DeclareConflict(juror_id, body.nomination_id, body.reason)
    declared = await handled(handlers.declare_conflict(cmd, principal.juror_id, runtime.uow(), runtime.clock()))
    return ConflictOut(**vars(declared), automatic=False)


@router.get("/editions/{edition_id}/conflicts", summary="Declared and automatic conflicts of interest (secretariat)")
async def list_conflicts(edition_id: str, request: Request, _=require_roles(Role.SECRETARIAT)) -> ConflictList:
    await load_edition(request, edition_id)
    async with request.app.state.runtime.uow() as uow:
        jurors = {j.id: j for j in await uow.jury.of_edition(edition_id)}
        nominations = await uow.nominations.of_edition(edition_id)
        declared = await uow.jury.declarations(edition_id)
    items = [ConflictOut(**vars(d), juror_name=jurors[d.juror_id].name, automatic=False) for d in declared]
    items += [
        ConflictOut(
            juror_id=j.id,
            juror_name=j.name,
            nomination_id=n.id,
            automatic=True,
            declared_at=None,
            reason="The nomination concerns the juror's own organisation.",
        )
        for j in jurors.values()
        for n in nominations
        if own_organisation_conflict(j.organisation_id, n.nominee_id, n.nominator_id)
    ]
    return ConflictList(items=items)
