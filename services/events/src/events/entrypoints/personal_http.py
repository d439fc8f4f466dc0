"""The registrant's own links, signed and without an account: see, cancel, join, calendar, ticket QR."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime
from typing import Annotated

import segno
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from servicekit.auth import Principal
from servicekit.errors import PROBLEM_JSON, PROBLEM_RESPONSES, Forbidden, Problem, ProblemError, Unauthenticated
from servicekit.http import CurrentPrincipal
from servicekit.inputs import Key

from events.adapters.reading import reading
from events.adapters.event_repository import EventRepository
from events.adapters.registration_repository import RegistrationRepository
from events.domain.errors import RegistrationNotFound
from events.domain.model import Event, EventStatus
from events.domain.registration import HOLDS_SEAT, Registration
from events.entrypoints.access import organises
from events.entrypoints.calendar import registration_calendar
from events.entrypoints.registration_schemas import JoinLinkOut, RegistrationOut
from events.entrypoints.registrations_http import position_of
from events.entrypoints.views import registration_out
from events.service_layer import registration_handlers as handlers

router = APIRouter(prefix="/registrations", tags=["registrations"], responses=PROBLEM_RESPONSES)
Token = Annotated[Key | None, Query(description="The signed token of the personal link")]


async def _load(request: Request, registration_id: str) -> tuple[Registration, Event]:
    async with reading(request.app.state.runtime.sessionmaker) as session:
        registration = await RegistrationRepository(session).get(registration_id)
        if registration is None:
            raise RegistrationNotFound(registration_id)
        return registration, await EventRepository(session).get(registration.event_id)


async def authorised(request: Request, registration_id: str, token: str | None, purpose: str | tuple[str, ...],
                     principal: Principal) -> tuple[Registration, Event]:
    """The holder of the personal link for ``purpose`` (or one of them), or an organiser of the event with a bearer token."""
    purposes = (purpose,) if isinstance(purpose, str) else purpose
    links = request.app.state.runtime.links
    if token is not None and not any(links.verify(p, registration_id, token) for p in purposes):
        raise Forbidden("This link is not valid for this registration; use the link from your confirmation e-mail.")
    registration, event = await _load(request, registration_id)
    if token is None and not organises(principal, event):
        if principal.is_public:
            raise Unauthenticated("Use the link from your confirmation e-mail, or a bearer token of the event's organisers.")
        raise Forbidden("Only the registrant (personal link) and the event's organisers see a registration.")
    return registration, event


def join_released(event: Event, registration: Registration) -> bool:
    """The personal join link is handed out (calendar, personal page) once released, while the registration holds a seat."""
    return bool(event.online and registration.status in HOLDS_SEAT and event.status is EventStatus.PUBLISHED and (
        event.join_link_release_at is None or event.join_link_release_at <= datetime.now(UTC)))


@router.get("/{registration_id}.ics", summary="The registrant's calendar file", response_class=Response,
            responses={200: {"content": {"text/calendar": {}}}})
async def registration_ics(registration_id: str, request: Request, principal: CurrentPrincipal, token: Token = None) -> Response:
    registration, event = await authorised(request, registration_id, token, "calendar", principal)
    runtime = request.app.state.runtime
    join_link = runtime.links.join_url(registration.id, registration.language) if join_released(event, registration) else None
    body = registration_calendar(event, registration, runtime.settings.public_url, join_link)
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Content-Disposition": 'attachment; filename="registration.ics"'})


@router.get("/{registration_id}", summary="A registration (personal link: the cancel or ticket token; or organisers)")
async def get_registration(registration_id: str, request: Request, principal: CurrentPrincipal, token: Token = None) -> RegistrationOut:
    registration, event = await authorised(request, registration_id, token, ("cancel", "ticket"), principal)
    links = request.app.state.runtime.links
    out = registration_out(registration, await position_of(request, registration), links, personal=True)
    if token is not None and not links.verify("cancel", registration_id, token):
        # The ticket link shows the ticket, not the way to cancel or join: those stay with the holder of the cancel link.
        return out.model_copy(update={"cancel_url": None, "calendar_url": None, "join_url": None})
    if join_released(event, registration):
        out = out.model_copy(update={"join_url": links.join_url(registration.id, registration.language)})
    return out


@router.get("/{registration_id}/cancel", summary="The page behind the cancel link: asks before cancelling", response_class=HTMLResponse)
async def cancel_page(registration_id: str, request: Request, principal: CurrentPrincipal, token: Token = None) -> HTMLResponse:
    # A GET never cancels: mail scanners follow links. The page posts back to cancel.
    registration, event = await authorised(request, registration_id, token, "cancel", principal)
    title = html.escape(event.title.get(registration.language) or next(iter(event.title.values())))
    if registration.status.value == "cancelled":
        return HTMLResponse(f"<!doctype html><title>{title}</title><p>Your registration for {title} is cancelled.</p>")
    action = html.escape(f"/registrations/{registration_id}/cancel?token={token or ''}")
    return HTMLResponse(f'<!doctype html><title>{title}</title><p>Cancel your registration for {title}?</p>'
                        f'<form method="post" action="{action}"><button type="submit">Cancel my registration</button></form>')


@router.post("/{registration_id}/cancel", summary="Cancel a registration (personal link, or organisers); frees the seat for the waitlist")
async def cancel(registration_id: str, request: Request, principal: CurrentPrincipal, token: Token = None) -> RegistrationOut:
    _, event = await authorised(request, registration_id, token, "cancel", principal)
    by = "registrant" if token is not None else "organiser"
    runtime = request.app.state.runtime
    registration, _promoted = await handlers.cancel_registration(registration_id, by, runtime.uow(), runtime.links)
    return registration_out(registration, None, runtime.links, personal=True)


@router.get("/{registration_id}/join", summary="The personal join link: redirects to the meeting while the registration is confirmed",
            response_class=RedirectResponse, status_code=307,
            responses={410: {"description": "JOIN_LINK_INACTIVE", "model": Problem, "content": {PROBLEM_JSON: {}}}})
async def join(registration_id: str, request: Request, token: Annotated[Key, Query()]) -> RedirectResponse:
    if not request.app.state.runtime.links.verify("join", registration_id, token):
        raise Forbidden("This join link is not valid; use the link from your e-mail.")
    registration, event = await _load(request, registration_id)
    if registration.status not in HOLDS_SEAT or event.status is not EventStatus.PUBLISHED or not event.join_url:
        raise ProblemError(410, "JOIN_LINK_INACTIVE", "Join link no longer valid",
                           f"This registration is {registration.status.value} and the event {event.status.value}; the link admits only confirmed registrants.")
    return RedirectResponse(event.join_url, status_code=307, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


@router.get("/{registration_id}/join-link", summary="The meeting address behind a personal join link, while the registration is confirmed")
async def join_link(registration_id: str, request: Request, token: Annotated[Key, Query()]) -> JoinLinkOut:
    """For a client that shows its own join page (the web site): ``active`` false and no address once the link admits no one."""
    if not request.app.state.runtime.links.verify("join", registration_id, token):
        raise Forbidden("This join link is not valid; use the link from your e-mail.")
    registration, event = await _load(request, registration_id)
    active = registration.status in HOLDS_SEAT and event.status is EventStatus.PUBLISHED and bool(event.join_url)
    return JoinLinkOut(registration_id=registration.id, event_id=event.id, status=registration.status.value, active=active,
                       join_url=event.join_url if active else None)


@router.get("/{registration_id}/ticket.{fmt}", summary="The ticket code as a QR image (png or svg)", response_class=Response,
            responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}})
async def ticket(registration_id: str, fmt: str, request: Request, principal: CurrentPrincipal, token: Token = None) -> Response:
    if fmt not in ("png", "svg"):
        raise ProblemError(404, "NOT_FOUND", "Not found", "Tickets come as ticket.png or ticket.svg.")
    registration, _ = await authorised(request, registration_id, token, "ticket", principal)
    qr = segno.make(registration.ticket_code, error="m")
    out = io.BytesIO()
    qr.save(out, kind=fmt, scale=8, border=4)
    return Response(out.getvalue(), media_type="image/png" if fmt == "png" else "image/svg+xml")
