"""Integration events built from the domain: what the outside world is told, never the meeting URL."""

from __future__ import annotations

from datetime import datetime

from contracts import events as contract

from events.adapters.links import Links
from events.domain.model import Event, Session
from events.domain.registration import Registration


def snapshot(event: Event) -> contract.EventSnapshot:
    return contract.EventSnapshot(
        event_id=event.id,
        kind=contract.EventKind(event.kind.value),
        title={contract.Language(k.value): v for k, v in event.title.items()},
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        online=event.online,
        venue=event.venue,
        languages=[contract.Language(l.value) for l in event.languages],
        version=event.version,
    )


def programme(event: Event) -> list[contract.ProgrammeSession]:
    return [session_payload(s) for s in event.sessions]


def session_payload(s: Session) -> contract.ProgrammeSession:
    return contract.ProgrammeSession(
        session_id=s.id, starts_at=s.starts_at, duration_minutes=s.duration_minutes, title=s.title,
        kind=contract.SessionKind(s.kind.value), track=s.track,
        speakers=[contract.Speaker(name=p.name, affiliation=p.affiliation) for p in s.speakers],
    )


def published(event: Event) -> contract.EventPublished:
    return contract.EventPublished(
        event_id=event.id, event=snapshot(event), description={contract.Language(k.value): v for k, v in event.description.items()},
        organiser_ids=event.organiser_ids, registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at, capacity=event.capacity, waitlist=event.waitlist,
        sessions=programme(event), published_at=event.published_at,
    )


def cancelled(event: Event) -> contract.EventCancelled:
    return contract.EventCancelled(event_id=event.id, event=snapshot(event), reason=event.cancel_reason, cancelled_at=event.cancelled_at)


def programme_changed(event: Event, now: datetime) -> contract.ProgrammeChanged:
    return contract.ProgrammeChanged(event_id=event.id, sessions=programme(event), changed_at=now)


def _common(event: Event, r: Registration) -> dict:
    registrant = contract.Registrant(
        name=r.name, email=r.email, organisation=r.organisation, organisation_id=r.organisation_id, language=contract.Language(r.language.value)
    )
    return {"registration_id": r.id, "event_id": event.id, "registrant": registrant, "event": snapshot(event),
            "status": contract.RegistrationStatus(r.status.value)}


def confirmed(event: Event, r: Registration, links: Links) -> contract.RegistrationConfirmed:
    return contract.RegistrationConfirmed(**_common(event, r), ticket_code=r.ticket_code, cancel_url=links.cancel_url(r.id, r.language),
                                          calendar_url=links.calendar_url(r.id, r.language), confirmed_at=r.confirmed_at)


def promoted(event: Event, r: Registration, links: Links) -> contract.RegistrationPromoted:
    return contract.RegistrationPromoted(**_common(event, r), ticket_code=r.ticket_code, cancel_url=links.cancel_url(r.id, r.language),
                                         calendar_url=links.calendar_url(r.id, r.language), promoted_at=r.confirmed_at)


def waitlisted(event: Event, r: Registration, position: int, links: Links) -> contract.RegistrationWaitlisted:
    return contract.RegistrationWaitlisted(**_common(event, r), position=position, cancel_url=links.cancel_url(r.id, r.language), waitlisted_at=r.registered_at)


def registration_cancelled(event: Event, r: Registration) -> contract.RegistrationCancelled:
    return contract.RegistrationCancelled(**_common(event, r), cancelled_by=r.cancelled_by, cancelled_at=r.cancelled_at)


def checked_in(event: Event, r: Registration) -> contract.AttendeeCheckedIn:
    return contract.AttendeeCheckedIn(**_common(event, r), checked_in_at=r.checked_in_at)


def join_link(event: Event, r: Registration, links: Links, now: datetime) -> contract.JoinLinkReleased:
    return contract.JoinLinkReleased(**_common(event, r), join_url=links.join_url(r.id, r.language), released_at=now)


def reminder(event: Event, r: Registration, kind: str, reminder_id: str, due_at: datetime) -> contract.ReminderDue:
    return contract.ReminderDue(**_common(event, r), reminder=contract.ReminderKind(kind), reminder_id=reminder_id, due_at=due_at)
