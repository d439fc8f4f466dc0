"""Errors of the notifications domain, each with a stable code the HTTP layer maps to a problem."""


class NotificationsError(Exception):
    code = "NOTIFICATIONS_ERROR"
    status = 400

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class NotFound(NotificationsError):
    code, status = "NOT_FOUND", 404


class NotYours(NotificationsError):
    code, status = "FORBIDDEN", 403


class UnsafeWebhookUrl(NotificationsError):
    code, status = "WEBHOOK_URL_NOT_ALLOWED", 422


class UnknownEventType(NotificationsError):
    code, status = "UNKNOWN_EVENT_TYPE", 422


class NotReplayable(NotificationsError):
    code, status = "DELIVERY_NOT_REPLAYABLE", 409


class NotSwitchable(NotificationsError):
    code, status = "CATEGORY_NOT_SWITCHABLE", 422
