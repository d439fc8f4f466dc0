"""Events and their programme over HTTP: parse, build a command, call the handler."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from events.adapters.reading import reading
from events.adapters.event_repository import EventFilter, EventRepository
from events.adapters.registration_repository import waitlisted_counts
from events.domain import commands
from events.domain.model import Event, EventKind, EventStatus, Language, Speaker
from events.domain.times import end_of_day_in_brussels, to_utc
from events.entrypoints.access import STAFF, is_staff, visible_or_404
from events.entrypoints.calendar import event_calendar
from events.entrypoints.schemas import CancelEventIn, EventChangeIn, EventIn, EventOut, EventPage, PageInfo, SessionIn, SessionOut
from events.entrypoints.views import event_out, session_out
from events.service_layer import event_handlers as handlers

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)
Staff = require_roles(*STAFF)
ICS = "text/calendar; charset=utf-8"


def _utc(value: datetime | None) -> datetime | None:
    return to_utc(value) if value is not None else None


def session_fields(body: SessionIn) -> commands.SessionFields:
    return commands.SessionFields(starts_at=to_utc(body.starts_at), duration_minutes=body.duration_minutes, title=body.title,
                                  kind=body.kind, track=body.track, speakers=[Speaker(s.name, s.affiliation) for s in body.speakers])


def _create_command(body: EventIn) -> commands.CreateEvent:
    closes = _utc(body.registration_closes_at) or (end_of_day_in_brussels(body.registration_closes_on) if body.registration_closes_on else None)
    return commands.CreateEvent(
        kind=body.kind, title=body.title, description=body.description, languages=body.languages, starts_at=to_utc(body.starts_at),
        ends_at=to_utc(body.ends_at), online=body.online, venue=body.venue, join_url=str(body.join_url) if body.join_url else None,
        join_link_release_at=_utc(body.join_link_release_at), organiser_ids=body.organiser_ids, audience=body.audience,
        registration_opens_at=_utc(body.registration_opens_at), registration_closes_at=closes, capacity=body.capacity,
        waitlist=body.waitlist, sessions=[session_fields(s) for s in body.sessions],
    )


async def render(request: Request, events: list[Event]) -> list[EventOut]:
    runtime = request.app.state.runtime
    async with reading(runtime.sessionmaker) as session:
        counts = await waitlisted_counts(session, [e.id for e in events])
    now = datetime.now(UTC)
    return [event_out(e, now, counts.get(e.id, 0), runtime.settings.public_url) for e in events]


async def load_visible(request: Request, principal, event_id: str, *, programme: bool = True) -> Event:
    async with reading(request.app.state.runtime.sessionmaker) as session:
        return visible_or_404(principal, await EventRepository(session).get(event_id, programme=programme), event_id)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an event (a draft, with its programme)")
async def create_event(body: EventIn, request: Request, _=Staff) -> EventOut:
    event = await handlers.create_event(_create_command(body), request.app.state.runtime.uow())
    return (await render(request, [event]))[0]


def _statuses(principal, wanted: EventStatus | None) -> tuple[EventStatus, ...]:
    seen = (EventStatus.DRAFT, EventStatus.PUBLISHED, EventStatus.CANCELLED) if is_staff(principal) else (EventStatus.PUBLISHED, EventStatus.CANCELLED)
    if wanted is None:
        return seen
    stored = EventStatus.PUBLISHED if wanted is EventStatus.COMPLETED else wanted
    return tuple(s for s in seen if s is stored)


@router.get("", summary="List events (upcoming first; `when=past` lists the latest first)")
async def list_events(
    request: Request,
    principal: CurrentPrincipal,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
    when: Annotated[Literal["upcoming", "past"] | None, Query(description="upcoming: not yet ended; past: ended")] = None,
    kind: EventKind | None = None,
    organiser: Annotated[Key | None, Query(description="Organisation id of an organiser")] = None,
    language: Language | None = None,
    status_: Annotated[EventStatus | None, Query(alias="status", description="Drafts only for the secretariat")] = None,
    ids: Annotated[list[Key] | None, Query(max_length=200, description="Only these ids (for batch loading)")] = None,
) -> EventPage:
    if status_ is EventStatus.COMPLETED:
        when = "past"
    elif status_ is EventStatus.PUBLISHED and when is None:
        when = "upcoming"
    where = EventFilter(when=when, kind=kind, organiser_id=organiser, language=language, statuses=_statuses(principal, status_), ids=ids,
                        public_only=principal.role not in (Role.MEMBER, *STAFF), now=datetime.now(UTC))
    position = decode_cursor(after, size=2) if after else None
    async with reading(request.app.state.runtime.sessionmaker) as session:
        found, total = await EventRepository(session).list(where, limit=first + 1, after=position)
    page, more = found[:first], len(found) > first
    end = encode_cursor(*EventRepository.cursor_of(page[-1])) if page else None
    return EventPage(items=await render(request, page), page_info=PageInfo(end_cursor=end, has_next_page=more), total_count=total)


@router.get("/{event_id}.ics", summary="The event as an iCalendar file (Europe/Brussels; the programme in the description)",
            response_class=Response, responses={200: {"content": {"text/calendar": {}}}})
async def event_ics(event_id: str, request: Request, principal: CurrentPrincipal) -> Response:
    event = await load_visible(request, principal, event_id)
    body = event_calendar(event, request.app.state.runtime.settings.public_url)
    return Response(body, media_type=ICS, headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'})


@router.get("/{event_id}", summary="One event")
async def get_event(event_id: str, request: Request, principal: CurrentPrincipal) -> EventOut:
    return (await render(request, [await load_visible(request, principal, event_id)]))[0]


@router.post("/{event_id}/publish", summary="Publish a draft: visible, and open for registration within its window")
async def publish_event(event_id: str, request: Request, _=Staff) -> EventOut:
    event = await handlers.publish_event(event_id, request.app.state.runtime.uow())
    return (await render(request, [event]))[0]


def _changes(body: EventChangeIn) -> dict:
    changes = body.model_dump(exclude_unset=True)
    for name in ("registration_opens_at", "registration_closes_at"):
        if name in changes:
            changes[name] = _utc(changes[name])
    if "registration_closes_on" in changes:
        day = changes.pop("registration_closes_on")
        changes["registration_closes_at"] = end_of_day_in_brussels(day) if day else None
    if "join_url" in changes:
        changes["join_url"] = str(changes["join_url"]) if changes["join_url"] else None
    for name in ("title", "audience", "waitlist"):  # null means "leave as it is" where there is nothing else to mean
        if changes.get(name) is None:
            changes.pop(name, None)
    if "description" in changes and changes["description"] is None:
        changes["description"] = {}
    return changes


@router.patch("/{event_id}", summary="Change an event's details (not its times); more seats promote the waitlist")
async def change_event(event_id: str, body: EventChangeIn, request: Request, _=Staff) -> EventOut:
    runtime = request.app.state.runtime
    event = await handlers.change_event(event_id, _changes(body), runtime.uow(), runtime.links)
    return (await render(request, [event]))[0]


@router.post("/{event_id}/cancel", summary="Cancel an event; every registration is cancelled and its registrant told")
async def cancel_event(event_id: str, body: CancelEventIn, request: Request, _=Staff) -> EventOut:
    event, _cancelled = await handlers.cancel_event(event_id, body.reason, request.app.state.runtime.uow())
    return (await render(request, [event]))[0]


@router.post("/{event_id}/sessions", status_code=status.HTTP_201_CREATED, summary="Add a session to the programme")
async def add_session(event_id: str, body: SessionIn, request: Request, _=Staff) -> SessionOut:
    return session_out(await handlers.add_session(event_id, session_fields(body), request.app.state.runtime.uow()))


@router.put("/{event_id}/sessions/{session_id}", summary="Change a session")
async def update_session(event_id: str, session_id: str, body: SessionIn, request: Request, _=Staff) -> SessionOut:
    return session_out(await handlers.update_session(event_id, session_id, session_fields(body), request.app.state.runtime.uow()))


@router.delete("/{event_id}/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a session")
async def remove_session(event_id: str, session_id: str, request: Request, _=Staff) -> Response:
    await handlers.remove_session(event_id, session_id, request.app.state.runtime.uow())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
