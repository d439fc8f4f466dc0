"""Domain objects to response bodies; what each caller may see is decided here."""

from __future__ import annotations

from datetime import datetime

from events.adapters.links import Links
from events.domain.errors import EventsError
from events.domain.model import Event, Session
from events.domain.registration import Registration, check_open_for_registration
from events.domain.times import in_brussels
from events.entrypoints.registration_schemas import RegistrationOut
from events.entrypoints.schemas import EventOut, SessionOut, SpeakerOut


def session_out(s: Session) -> SessionOut:
    return SessionOut(
        id=s.id, starts_at=s.starts_at, starts_at_local=in_brussels(s.starts_at).isoformat(), ends_at=s.ends_at,
        duration_minutes=s.duration_minutes, title=s.title, kind=s.kind, track=s.track,
        speakers=[SpeakerOut(name=p.name, affiliation=p.affiliation) for p in s.speakers],
    )


def _open(event: Event, now: datetime) -> bool:
    try:
        check_open_for_registration(event, now, is_member=True, is_staff=False)
    except EventsError:
        return False
    return event.capacity is None or event.waitlist or event.seats_taken < event.capacity


def event_out(event: Event, now: datetime, waitlisted: int, base_url: str) -> EventOut:
    return EventOut(
        id=event.id, kind=event.kind, status=event.status_at(now), title=event.title, description=event.description,
        languages=event.languages, starts_at=event.starts_at, ends_at=event.ends_at,
        starts_at_local=in_brussels(event.starts_at).isoformat(), ends_at_local=in_brussels(event.ends_at).isoformat(),
        online=event.online, venue=event.venue, has_join_url=bool(event.join_url), join_link_release_at=event.join_link_release_at,
        organiser_ids=event.organiser_ids, audience=event.audience, registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at, registration_open=_open(event, now), capacity=event.capacity,
        waitlist=event.waitlist, seats_taken=event.seats_taken, seats_left=event.seats_left, waitlisted=waitlisted,
        published_at=event.published_at, cancelled_at=event.cancelled_at, cancel_reason=event.cancel_reason,
        sessions=[session_out(s) for s in event.sessions], calendar_url=f"{base_url.rstrip('/')}/events/{event.id}.ics",
    )


def registration_out(r: Registration, position: int | None, links: Links, *, personal: bool) -> RegistrationOut:
    """``personal``: the caller is the registrant (their own request or signed link), an organiser or the secretariat."""
    out = RegistrationOut(id=r.id, event_id=r.event_id, status=r.status, waitlist_position=position, registered_at=r.registered_at,
                          confirmed_at=r.confirmed_at, cancelled_at=r.cancelled_at, checked_in_at=r.checked_in_at)
    if personal:
        out = out.model_copy(update={
            "name": r.name, "email": r.email, "organisation": r.organisation, "organisation_id": r.organisation_id, "language": r.language,
            "ticket_code": r.ticket_code, "cancel_url": links.cancel_url(r.id, r.language), "calendar_url": links.calendar_url(r.id, r.language),
            "ticket_url": links.ticket_url(r.id, r.language),
        })
    return out
