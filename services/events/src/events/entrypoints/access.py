"""Who may see and do what: the roles of the issue in one place."""

from __future__ import annotations

from servicekit.auth import Principal, Role
from servicekit.errors import Forbidden, Unauthenticated

from events.domain.errors import EventNotFound
from events.domain.model import Event

STAFF = (Role.SECRETARIAT, Role.OPERATOR)


def is_staff(principal: Principal) -> bool:
    return principal.role in STAFF


def organises(principal: Principal, event: Event) -> bool:
    """The secretariat, or a member whose organisation organises the event."""
    return is_staff(principal) or (principal.role is Role.MEMBER and principal.organisation_id in event.organiser_ids)


def can_see(principal: Principal, event: Event) -> bool:
    member_of = principal.organisation_id if principal.role is Role.MEMBER else None
    return event.visible_to(is_staff=is_staff(principal), member_of=member_of)


def visible_or_404(principal: Principal, event: Event | None, event_id: str) -> Event:
    # A draft someone may not see answers like a missing event: its existence is not public either.
    if event is None or not can_see(principal, event):
        raise EventNotFound(event_id)
    return event


def require_organiser(principal: Principal, event: Event) -> None:
    if principal.is_public:
        raise Unauthenticated("The registrations of an event are for its organisers and the secretariat; send a bearer token.")
    if not organises(principal, event):
        raise Forbidden("Only the event's organisers and the secretariat see its registrations.")
