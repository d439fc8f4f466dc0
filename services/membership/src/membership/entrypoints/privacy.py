"""Personal data over HTTP (secretariat and operators only): erasure requests and a person's export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import require_roles
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from membership.adapters.privacy import ErasureRepository
from membership.domain import commands
from membership.domain.errors import MembershipError
from membership.domain.privacy import ErasureRequest
from membership.entrypoints.privacy_schemas import AnswerOut, ErasureRequestIn, ErasureRequestOut, ErasureRequestPage, PersonExport, PersonIn
from membership.entrypoints.problems import problem_for
from membership.entrypoints.schemas import PageInfo
from membership.service_layer import privacy

router = APIRouter(prefix="/privacy", tags=["personal data"], responses=PROBLEM_RESPONSES)
STAFF = (Role.SECRETARIAT, Role.OPERATOR)


def _expected(request: Request) -> list[str]:
    return request.app.state.runtime.settings.privacy_service_names


def _out(erasure: ErasureRequest, expected: list[str]) -> ErasureRequestOut:
    answers = sorted(erasure.answers.values(), key=lambda a: (a.completed_at, a.service))
    return ErasureRequestOut(id=erasure.id, status=erasure.status, email_hash=erasure.email_hash, name_hashes=erasure.name_hashes,
                             reason=erasure.reason, requested_by=erasure.requested_by, requested_at=erasure.requested_at,
                             completed_at=erasure.completed_at, answers=[AnswerOut(**vars(a)) for a in answers],
                             awaiting=[s for s in expected if s not in erasure.answers])


@router.post("/erasure-requests", status_code=status.HTTP_202_ACCEPTED, responses={200: {"model": ErasureRequestOut, "description": "A pending request for this person, returned as it is"}},
             summary="Erase a person: membership erases at once, every other service on the event; 200 with the pending one if filed again")
async def request_erasure(body: ErasureRequestIn, request: Request, response: Response,
                          principal: Principal = require_roles(*STAFF)) -> ErasureRequestOut:
    cmd = commands.RequestErasure(email=body.email, names=body.names, reason=body.reason, requested_by=principal.subject)
    try:
        erasure, created = await privacy.request_erasure(cmd, request.app.state.runtime.uow(), _expected(request))
    except MembershipError as exc:
        raise problem_for(exc) from None
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/privacy/erasure-requests/{erasure.id}"
    return _out(erasure, _expected(request))


def _position(after: str) -> tuple[datetime, str]:
    requested_at, last_id = decode_cursor(after, size=2)
    try:
        return datetime.fromisoformat(requested_at), last_id
    except ValueError:
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid cursor", "The cursor is not one this API gave out; start again without it.",
                           [FieldError(field="after", message="not a cursor from this API", type="cursor")]) from None


@router.get("/erasure-requests", summary="Erasure requests, oldest first, with each service's answer")
async def list_erasure_requests(
    request: Request,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
    principal: Principal = require_roles(*STAFF),
) -> ErasureRequestPage:
    async with request.app.state.runtime.sessionmaker() as session:
        repository = ErasureRepository(session)
        found = await repository.list(limit=first + 1, after=_position(after) if after else None)
        total = await repository.count()
    page, more = found[:first], len(found) > first
    end = encode_cursor(page[-1].requested_at.isoformat(), page[-1].id) if page else None
    return ErasureRequestPage(items=[_out(e, _expected(request)) for e in page], page_info=PageInfo(end_cursor=end, has_next_page=more),
                              total_count=total)


@router.get("/erasure-requests/{request_id}", summary="One erasure request: pending until every service answered")
async def get_erasure_request(request_id: str, request: Request, principal: Principal = require_roles(*STAFF)) -> ErasureRequestOut:
    async with request.app.state.runtime.sessionmaker() as session:
        erasure = await ErasureRepository(session).get(request_id)
    if erasure is None:
        raise NotFound("Erasure request", request_id)
    return _out(erasure, _expected(request))


@router.post("/export", summary="Everything membership holds of a person (contacts, signatures and letters as signatory, group memberships)")
async def export_person(body: PersonIn, request: Request, principal: Principal = require_roles(*STAFF)) -> PersonExport:
    async with request.app.state.runtime.sessionmaker() as session:
        try:
            records = await privacy.export_person(session, body.email, body.names)
        except MembershipError as exc:
            raise problem_for(exc) from None
    return PersonExport(records=records)
