"""Domain refusals to problem+json answers with stable codes (one table, used by every route)."""

from __future__ import annotations

from servicekit.errors import FieldError, ProblemError

from events.domain import errors

# exception type -> (status, code, title); the first matching entry wins.
_PROBLEMS: list[tuple[type[errors.EventsError], int, str, str]] = [
    (errors.EventNotFound, 404, "NOT_FOUND", "Event not found"),
    (errors.SessionNotFound, 404, "NOT_FOUND", "Session not found"),
    (errors.RegistrationNotFound, 404, "NOT_FOUND", "Registration not found"),
    (errors.TicketNotFound, 404, "TICKET_NOT_FOUND", "Unknown ticket"),
    (errors.TicketForAnotherEvent, 422, "TICKET_FOR_OTHER_EVENT", "Ticket for another event"),
    (errors.TicketNotConfirmed, 409, "TICKET_NOT_CONFIRMED", "Registration not confirmed"),
    (errors.RegistrationClosed, 422, "REGISTRATION_CLOSED", "Registration closed"),
    (errors.RegistrationNotOpen, 422, "REGISTRATION_NOT_OPEN", "Registration not open yet"),
    (errors.EventFull, 409, "EVENT_FULL", "Event full"),
    (errors.NotForThisAudience, 403, "MEMBERS_ONLY", "Members only"),
    (errors.IdempotencyKeyReused, 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused"),
    (errors.SessionOverlap, 409, "SESSION_OVERLAP", "Sessions overlap"),
    (errors.InvalidTransition, 409, "INVALID_TRANSITION", "Invalid status change"),
]


def problem_for(exc: errors.EventsError) -> ProblemError:
    if isinstance(exc, errors.InvalidEvent):
        error = FieldError(field=exc.field, message=exc.message, type="value_error")
        return ProblemError(422, "BAD_USER_INPUT", "Invalid input", exc.message, [error])
    for kind, status, code, title in _PROBLEMS:
        if isinstance(exc, kind):
            return ProblemError(status, code, title, str(exc))
    return ProblemError(422, "BAD_USER_INPUT", "Refused", str(exc))
