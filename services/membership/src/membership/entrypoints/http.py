"""Organisations over HTTP: parse, build a command, call the handler, map errors.

Contacts are personal data: only the secretariat, operators and the organisation's own
members see them; everybody else gets ``contacts: null``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, Forbidden, NotFound
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key, QueryFlag, SearchTerm
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from membership.adapters.repository import OrganisationFilter, OrganisationRepository
from membership.domain import commands
from membership.domain.contacts import Contact
from membership.domain.errors import MembershipError
from membership.domain.model import Organisation, OrganisationKind
from membership.entrypoints.problems import problem_for
from membership.entrypoints.schemas import (
    ArchiveIn, ContactIn, CountryCode, OrganisationIn, OrganisationOut, OrganisationPage, OrganisationPatch, PageInfo,
)
from membership.service_layer import handlers

router = APIRouter(prefix="/organisations", tags=["organisations"], responses=PROBLEM_RESPONSES)
STAFF = (Role.SECRETARIAT, Role.OPERATOR)


def sees_contacts(principal: Principal, organisation_id: str) -> bool:
    return principal.role in STAFF or (principal.role is Role.MEMBER and principal.organisation_id == organisation_id)


def _out(org: Organisation, principal: Principal) -> OrganisationOut:
    fields = {k: getattr(org, k) for k in OrganisationOut.model_fields if k != "contacts"}
    contacts = [c.as_dict() for c in org.contacts] if sees_contacts(principal, org.id) else None
    return OrganisationOut(**fields, contacts=contacts)


def _contacts(contacts: list[ContactIn]) -> list[Contact]:
    return [Contact(**c.model_dump()) for c in contacts]


async def _run(handler, cmd, request: Request, principal: Principal) -> OrganisationOut:
    try:
        org = await handler(cmd, request.app.state.runtime.uow())
    except MembershipError as exc:
        raise problem_for(exc) from None
    return _out(org, principal)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register an organisation")
async def register_organisation(body: OrganisationIn, request: Request, principal: Principal = require_roles(*STAFF)) -> OrganisationOut:
    cmd = commands.RegisterOrganisation(
        name=body.name, kind=body.kind, country=body.country, website=str(body.website) if body.website else None, languages=body.languages,
        subkind=body.subkind, names=body.names, contacts=_contacts(body.contacts),
    )
    return await _run(handlers.register_organisation, cmd, request, principal)


@router.patch("/{organisation_id}", summary="Change an organisation (a member: its own website, names, languages and contacts)")
async def update_organisation(
    organisation_id: str, body: OrganisationPatch, request: Request, principal: Principal = require_roles(*STAFF, Role.MEMBER)
) -> OrganisationOut:
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    if "website" in changes and changes["website"] is not None:
        changes["website"] = str(changes["website"])
    if "contacts" in changes:
        changes["contacts"] = _contacts(changes["contacts"] or [])
    for required in ("name", "kind", "country", "languages", "names"):
        if required in changes and changes[required] is None:
            changes.pop(required)  # null means "leave as is" for fields that cannot be empty
    own = principal.organisation_id if principal.role is Role.MEMBER else None
    cmd = commands.UpdateOrganisation(organisation_id=organisation_id, changes=changes, updated_by=principal.subject, own_organisation_only=own)
    return await _run(handlers.update_organisation, cmd, request, principal)


@router.post("/{organisation_id}/archive", summary="Archive an organisation: no longer listed by default, cannot sign")
async def archive_organisation(
    organisation_id: str, body: ArchiveIn, request: Request, principal: Principal = require_roles(*STAFF)
) -> OrganisationOut:
    cmd = commands.ArchiveOrganisation(organisation_id=organisation_id, archived_by=principal.subject, reason=body.reason)
    return await _run(handlers.archive_organisation, cmd, request, principal)


@router.get("", summary="List organisations (public register)")
async def list_organisations(
    request: Request,
    principal: CurrentPrincipal,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
    kind: OrganisationKind | None = None,
    country: Annotated[CountryCode | None, Query()] = None,
    q: Annotated[SearchTerm | None, Query(description="Text in the name")] = None,
    ids: Annotated[list[Key] | None,
                   Query(max_length=500, description="Only these ids, archived ones included (for batch loading)")] = None,
    member: Annotated[QueryFlag | None, Query(description="Only members (true) or only non-members (false)")] = None,
    include_archived: Annotated[QueryFlag, Query(description="Also archived organisations (secretariat and operators only)")] = False,
) -> OrganisationPage:
    if include_archived and principal.role not in STAFF:
        raise Forbidden("Only the secretariat and operators may list archived organisations.")
    position = decode_cursor(after, size=2) if after else None
    where = OrganisationFilter(kind=kind, country=country, text=q, ids=ids, member=member, include_archived=include_archived)
    async with request.app.state.runtime.sessionmaker() as session:
        orgs, total = await OrganisationRepository(session).list(where, limit=first + 1, after=position)
    page, more = orgs[:first], len(orgs) > first
    end = encode_cursor(*OrganisationRepository.cursor_of(page[-1])) if page else None
    return OrganisationPage(items=[_out(o, principal) for o in page], page_info=PageInfo(end_cursor=end, has_next_page=more),
                            total_count=total)


@router.get("/{organisation_id}", summary="One organisation (archived ones too)")
async def get_organisation(organisation_id: str, request: Request, principal: CurrentPrincipal) -> OrganisationOut:
    async with request.app.state.runtime.sessionmaker() as session:
        org = await OrganisationRepository(session).get(organisation_id)
    if org is None:
        raise NotFound("Organisation", organisation_id)
    return _out(org, principal)
