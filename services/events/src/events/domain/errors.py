class EventsError(Exception):
    """Base of the domain's refusals; entrypoints map each to a stable error code."""


class InvalidEvent(EventsError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class EventNotFound(EventsError):
    def __init__(self, event_id: str):
        super().__init__(f"No event has id {event_id!r}.")


class SessionNotFound(EventsError):
    def __init__(self, session_id: str):
        super().__init__(f"The event has no session with id {session_id!r}.")


class RegistrationNotFound(EventsError):
    def __init__(self, registration_id: str):
        super().__init__(f"No registration has id {registration_id!r}.")


class InvalidTransition(EventsError):
    """The event or registration is not in a status that allows this."""


class SessionOverlap(EventsError):
    def __init__(self, other_title: str, track: str):
        super().__init__(f"The session overlaps {other_title!r} in track {track!r}; sessions in one track must not overlap.")


class RegistrationNotOpen(EventsError):
    """The registration window has not opened yet."""


class RegistrationClosed(EventsError):
    """The registration deadline has passed, or the event is cancelled or over."""


class EventFull(EventsError):
    def __init__(self, capacity: int):
        super().__init__(f"All {capacity} seats are taken and this event keeps no waitlist.")


class NotForThisAudience(EventsError):
    """A members-only event, and the caller is not a member."""


class IdempotencyKeyReused(EventsError):
    def __init__(self):
        super().__init__("This Idempotency-Key was already used for a registration of another e-mail address; use a new key.")


class TicketNotFound(EventsError):
    def __init__(self):
        super().__init__("No registration has this ticket code; check the code and scan again.")


class TicketForAnotherEvent(EventsError):
    def __init__(self):
        super().__init__("This ticket belongs to another event.")


class TicketNotConfirmed(EventsError):
    def __init__(self, status: str):
        super().__init__(f"This registration is {status}, not confirmed: it does not admit anyone.")
