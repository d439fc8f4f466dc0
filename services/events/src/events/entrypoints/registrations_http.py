"""Registrations over HTTP: register, the organisers' lists, check-in at the door."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, ProblemError, Unauthenticated
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from events.adapters.event_repository import EventRepository
from events.adapters.reading import reading
from events.adapters.registration_repository import RegistrationRepository
from events.domain import commands
from events.domain.registration import Registration, RegistrationStatus
from events.domain.times import in_brussels
from events.domain.errors import EventNotFound
from events.entrypoints.access import STAFF, is_staff, require_organiser, visible_or_404
from events.entrypoints.problems import problem_for
from events.entrypoints.events_http import load_visible
from events.entrypoints.registration_schemas import (
    CheckInIn, CheckInOut, EventRegistrationPage, EventRegistrationPages, RegistrationIn, RegistrationOut, RegistrationPage,
)
from events.entrypoints.views import registration_out
from events.service_layer import registration_handlers as handlers

router = APIRouter(tags=["registrations"], responses=PROBLEM_RESPONSES)


async def position_of(request: Request, registration: Registration) -> int | None:
    async with reading(request.app.state.runtime.sessionmaker) as session:
        return await RegistrationRepository(session).waitlist_position(registration)


@router.post("/events/{event_id}/registrations", status_code=status.HTTP_201_CREATED, summary="Register for an event",
             description="Anyone may register for a published public event; a member registers its staff (its organisation from the token). "
                         "The same e-mail twice returns the existing registration (200), as does a repeated Idempotency-Key.",
             responses={200: {"description": "Already registered: the existing registration", "model": RegistrationOut}})
async def register(
    event_id: str, body: RegistrationIn, request: Request, response: Response, principal: CurrentPrincipal,
    idempotency_key: Annotated[Key | None, Header(description="Retry-safe: the same key returns the same registration")] = None,
) -> RegistrationOut:
    member = principal.role is Role.MEMBER
    cmd = commands.Register(
        event_id=event_id, name=body.name, email=body.email.lower(), language=body.language, consent=body.consent,
        organisation=body.organisation, organisation_id=principal.organisation_id if member else None,
        idempotency_key=idempotency_key, is_member=member, is_staff=is_staff(principal),
    )
    runtime = request.app.state.runtime
    outcome = await runtime.registrar.register(cmd)
    registration, created = outcome.registration, outcome.created
    if not created:
        response.status_code = status.HTTP_200_OK
    # Whoever knows an e-mail address must not learn that person's ticket or links by registering it again.
    organiser = is_staff(principal) or (member and principal.organisation_id in outcome.organiser_ids)
    personal = created or (idempotency_key is not None and registration.idempotency_key == idempotency_key) or organiser or (
        member and registration.organisation_id == principal.organisation_id)
    position = outcome.position if created else await position_of(request, registration)
    return registration_out(registration, position, runtime.links, personal=personal)


@router.get("/events/{event_id}/registrations", summary="The event's registrations (organisers and secretariat)")
async def list_registrations(
    event_id: str, request: Request, principal: CurrentPrincipal,
    first: Annotated[int, Query(ge=1, le=500)] = 100,
    after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
    status_: Annotated[RegistrationStatus | None, Query(alias="status")] = None,
) -> RegistrationPage:
    event = await load_visible(request, principal, event_id, programme=False)
    require_organiser(principal, event)
    position = decode_cursor(after, size=2) if after else None
    runtime = request.app.state.runtime
    async with reading(runtime.sessionmaker) as session:
        repo = RegistrationRepository(session)
        found, total = await repo.list(event.id, status=status_, limit=first + 1, after=position)
        page, more = found[:first], len(found) > first
        positions = await repo.waitlist_positions(event.id) if any(r.status is RegistrationStatus.WAITLISTED for r in page) else {}
        items = [registration_out(r, positions.get(r.id), runtime.links, personal=True) for r in page]
    end = encode_cursor(*RegistrationRepository.cursor_of(page[-1])) if page else None
    return RegistrationPage(items=items, page_info={"end_cursor": end, "has_next_page": more}, total_count=total)


MAX_EVENTS_PER_CALL = 200


@router.get("/registrations", summary="Registrations of many events at once (organisers and secretariat)",
            description="The first page of each event's registrations, in the order the event ids were given: what GET "
                        "/events/{id}/registrations answers, or, for an event the caller may not list, its problem "
                        "(404 unknown or not visible, 403 not an organiser). One call for a list of events.")
async def registrations_of_events(
    request: Request, principal: CurrentPrincipal,
    event_id: Annotated[list[Key], Query(min_length=1, max_length=MAX_EVENTS_PER_CALL, description="Repeat for each event")],
    first: Annotated[int, Query(ge=1, le=500, description="Page size per event")] = 100,
    status_: Annotated[RegistrationStatus | None, Query(alias="status")] = None,
) -> EventRegistrationPages:
    if principal.is_public:
        raise Unauthenticated("The registrations of an event are for its organisers and the secretariat; send a bearer token.")
    runtime = request.app.state.runtime
    async with reading(runtime.sessionmaker) as session:
        events = EventRepository(session)
        repo = RegistrationRepository(session)
        pages = [await _first_page(principal, events, repo, runtime.links, i, first, status_) for i in dict.fromkeys(event_id)]
    return EventRegistrationPages(items=pages)


async def _first_page(principal, events: EventRepository, repo: RegistrationRepository, links, event_id: str, first: int, status_):
    try:
        event = visible_or_404(principal, await events.get(event_id, programme=False), event_id)
        require_organiser(principal, event)
    except EventNotFound as exc:
        return EventRegistrationPage(event_id=event_id, problem=problem_for(exc).problem.model_dump(exclude_none=True))
    except ProblemError as exc:
        return EventRegistrationPage(event_id=event_id, problem=exc.problem.model_dump(exclude_none=True))
    found, total = await repo.list(event.id, status=status_, limit=first + 1, after=None)
    page, more = found[:first], len(found) > first
    positions = await repo.waitlist_positions(event.id) if any(r.status is RegistrationStatus.WAITLISTED for r in page) else {}
    end = encode_cursor(*RegistrationRepository.cursor_of(page[-1])) if page else None
    return EventRegistrationPage(
        event_id=event_id, items=[registration_out(r, positions.get(r.id), links, personal=True) for r in page],
        page_info={"end_cursor": end, "has_next_page": more}, total_count=total,
    )


ATTENDANCE_COLUMNS = ["name", "email", "organisation", "status", "ticket_code", "registered_at", "checked_in_at"]


def _local(value) -> str:
    return in_brussels(value).strftime("%Y-%m-%d %H:%M") if value else ""


@router.get("/events/{event_id}/attendance.csv", summary="Attendance list as CSV (organisers and secretariat)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def attendance_csv(event_id: str, request: Request, principal: CurrentPrincipal) -> Response:
    event = await load_visible(request, principal, event_id, programme=False)
    require_organiser(principal, event)
    async with reading(request.app.state.runtime.sessionmaker) as session:
        active = await RegistrationRepository(session).active_for_event(event.id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ATTENDANCE_COLUMNS)
    for r in active:
        writer.writerow([r.name, r.email, r.organisation or "", r.status.value, r.ticket_code, _local(r.registered_at), _local(r.checked_in_at)])
    headers = {"Content-Disposition": f'attachment; filename="attendance-{event.id}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.post("/events/{event_id}/check-ins", summary="Check an attendee in by ticket code (door staff: secretariat)",
             description="Scanning the same ticket twice answers 200 both times; a ticket of another event is refused.")
async def check_in(event_id: str, body: CheckInIn, request: Request, principal: Principal = require_roles(*STAFF)) -> CheckInOut:
    runtime = request.app.state.runtime
    registration, newly = await handlers.check_in(event_id, body.ticket_code, runtime.uow())
    return CheckInOut(registration=registration_out(registration, None, runtime.links, personal=True), already_checked_in=not newly)
