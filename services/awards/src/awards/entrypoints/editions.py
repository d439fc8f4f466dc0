"""Editions: create, read, reschedule; closing voting and publishing results are in results.py."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES, NotFound
from servicekit.http import require_roles

from awards.domain import commands
from awards.domain.editions import Category, CeremonyRef, Criterion, Edition, Timeline, new_id
from awards.domain.tally import TIE_BREAK
from awards.entrypoints.problems import handled
from awards.entrypoints.schemas import (
    CategoryOut,
    CeremonyIn,
    CeremonyOut,
    CriterionOut,
    EditionIn,
    EditionList,
    EditionOut,
    ScheduleIn,
    TimelineIn,
    TimelineOut,
)
from awards.service_layer import editions as handlers

router = APIRouter(prefix="/editions", tags=["editions"], responses=PROBLEM_RESPONSES)


def _timeline(t: TimelineIn) -> Timeline:
    return Timeline(t.nominations_open_at, t.nominations_close_at, t.voting_opens_at, t.voting_closes_at)


def _ceremony(c: CeremonyIn | None) -> CeremonyRef | None:
    return CeremonyRef(c.event_id, c.session_id) if c else None


async def edition_out(request: Request, edition: Edition) -> EditionOut:
    runtime = request.app.state.runtime
    ceremony = None
    if edition.ceremony:
        async with runtime.uow() as uow:
            session = await uow.sessions.get(edition.ceremony.session_id)
        ceremony = CeremonyOut(
            event_id=edition.ceremony.event_id,
            session_id=edition.ceremony.session_id,
            known=session is not None,
            title=session.title if session else None,
            starts_at=session.starts_at if session else None,
            event_cancelled=session.event_cancelled if session else False,
        )
    t = edition.timeline
    return EditionOut(
        id=edition.id,
        name=edition.name,
        organiser=edition.organiser,
        phase=edition.phase(runtime.clock()),
        ceremony=ceremony,
        timeline=TimelineOut(
            nominations_open_at=t.nominations_open_at,
            nominations_close_at=t.nominations_close_at,
            voting_opens_at=t.voting_opens_at,
            voting_closes_at=t.voting_closes_at,
        ),
        quorum=edition.quorum,
        tie_break=TIE_BREAK,
        voting_closed_at=edition.voting_closed_at,
        commitment=edition.commitment,
        results_published_at=edition.results_published_at,
        categories=[
            CategoryOut(
                id=c.id,
                name=c.name,
                description=c.description,
                eligible_kinds=list(c.eligible_kinds),
                self_nomination_allowed=c.self_nomination_allowed,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                criteria=[CriterionOut(id=k.id, name=k.name, weight=k.weight) for k in c.criteria],
            )
            for c in edition.categories
        ],
    )


async def load_edition(request: Request, edition_id: str) -> Edition:
    async with request.app.state.runtime.uow() as uow:
        edition = await uow.editions.get(edition_id)
    if edition is None:
        raise NotFound("Edition", edition_id)
    return edition


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an edition with its timeline, ceremony and categories")
async def create_edition(body: EditionIn, request: Request, _=require_roles(Role.SECRETARIAT)) -> EditionOut:
    categories = [
        Category(
            new_id(),
            c.name.strip(),
            c.description,
            tuple(c.eligible_kinds),
            c.self_nomination_allowed,
            c.scale.min,
            c.scale.max,
            tuple(Criterion(new_id(), k.name.strip(), k.weight) for k in c.criteria),
        )
        for c in body.categories
    ]
    cmd = commands.CreateEdition(body.name, body.organiser, _timeline(body.timeline), _ceremony(body.ceremony), body.quorum, categories)
    runtime = request.app.state.runtime
    edition = await handled(handlers.create_edition(cmd, runtime.uow(), runtime.clock()))
    return await edition_out(request, edition)


@router.get("", summary="Every edition, newest first (public)")
async def list_editions(request: Request) -> EditionList:
    async with request.app.state.runtime.uow() as uow:
        editions = await uow.editions.list()
    return EditionList(items=[await edition_out(request, e) for e in editions])


@router.get("/{edition_id}", summary="One edition (public)")
async def get_edition(edition_id: str, request: Request) -> EditionOut:
    return await edition_out(request, await load_edition(request, edition_id))


@router.put("/{edition_id}/schedule", summary="Move the timeline or the ceremony (until voting closes)")
async def reschedule(edition_id: str, body: ScheduleIn, request: Request, _=require_roles(Role.SECRETARIAT)) -> EditionOut:
    edition = await handled(
        handlers.reschedule(edition_id, _timeline(body.timeline), _ceremony(body.ceremony), request.app.state.runtime.uow())
    )
    return await edition_out(request, edition)
