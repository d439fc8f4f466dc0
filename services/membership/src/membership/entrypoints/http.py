"""Membership's HTTP API: parse, build a command, call the handler, map errors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import require_roles
from servicekit.pagination import decode_cursor, encode_cursor

from membership.adapters.repository import OrganisationFilter, OrganisationRepository
from membership.domain import commands
from membership.domain.errors import DuplicateOrganisation, InvalidOrganisation
from membership.domain.model import Organisation, OrganisationKind
from membership.entrypoints.schemas import OrganisationIn, OrganisationOut, OrganisationPage, PageInfo
from membership.service_layer import handlers

router = APIRouter(prefix="/organisations", tags=["organisations"], responses=PROBLEM_RESPONSES)


def _out(org: Organisation) -> OrganisationOut:
    return OrganisationOut(**{k: getattr(org, k) for k in OrganisationOut.model_fields})


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an organisation")
async def register_organisation(
    body: OrganisationIn, request: Request, _=require_roles(Role.SECRETARIAT, Role.OPERATOR)
) -> OrganisationOut:
    cmd = commands.RegisterOrganisation(
        name=body.name, kind=body.kind, country=body.country, website=str(body.website) if body.website else None, languages=body.languages
    )
    try:
        org = await handlers.register_organisation(cmd, request.app.state.runtime.uow())
    except DuplicateOrganisation as exc:
        raise ProblemError(409, "ORGANISATION_EXISTS", "Organisation already registered", str(exc)) from None
    except InvalidOrganisation as exc:
        error = FieldError(field=exc.field, message=exc.message, type="value_error")
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid input", exc.message, [error]) from None
    return _out(org)


@router.get("", summary="List organisations (public register)")
async def list_organisations(
    request: Request,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[str | None, Query(description="end_cursor of the previous page")] = None,
    kind: OrganisationKind | None = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the name")] = None,
    ids: Annotated[list[str] | None, Query(max_length=500, description="Only these ids (for batch loading)")] = None,
    member: Annotated[bool | None, Query(description="Only members (true) or only non-members (false)")] = None,
) -> OrganisationPage:
    position = decode_cursor(after, size=2) if after else None
    async with request.app.state.runtime.sessionmaker() as session:
        orgs, total = await OrganisationRepository(session).list(
            OrganisationFilter(kind=kind, country=country, text=q, ids=ids, member=member), limit=first + 1, after=position
        )
    page, more = orgs[:first], len(orgs) > first
    end = encode_cursor(*OrganisationRepository.cursor_of(page[-1])) if page else None
    return OrganisationPage(items=[_out(o) for o in page], page_info=PageInfo(end_cursor=end, has_next_page=more), total_count=total)


@router.get("/{organisation_id}", summary="One organisation")
async def get_organisation(organisation_id: str, request: Request) -> OrganisationOut:
    async with request.app.state.runtime.sessionmaker() as session:
        org = await OrganisationRepository(session).get(organisation_id)
    if org is None:
        raise NotFound("Organisation", organisation_id)
    return _out(org)
