"""The gateway's errors: every GraphQL error carries a stable ``extensions.code``.

Codes clients can switch on:

``BAD_USER_INPUT``
    The service refused the input (HTTP 400/422), or variables do not fit the schema
    (an unknown enum value, a missing required field), or a string holds a control
    character or a lone surrogate or is too long for its kind (gateway.input_text). When
    the fields are known, ``extensions.fields`` lists ``{field, message}`` with camelCase
    field paths.
``UNAUTHENTICATED``
    A token is needed and none was sent, or the token sent is invalid (then every
    operation fails, even ones that are public without a token).
``FORBIDDEN``
    The token's role may not do this.
``NOT_FOUND``
    No object has that id.
``CONFLICT``
    The change clashes with what exists (HTTP 409); ``extensions.reason`` keeps the
    service's own code, e.g. ``ORGANISATION_EXISTS``, so clients can tell conflicts apart.
``RATE_LIMITED``
    The service asks the caller to slow down (HTTP 429).
``UPSTREAM_UNAVAILABLE``
    A service did not answer in time, refused the connection or said it is down
    (HTTP 502-504). Worth retrying.
``INTERNAL``
    Anything unexpected. The message is generic; details are only in the logs.
``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED``
    The document itself is not valid GraphQL for this schema.
``BAD_REQUEST``
    The HTTP request is not a GraphQL request: a body that is not JSON, no ``query`` or one that is not a
    string, a mutation over GET (405). No ``data``; a 4xx status (gateway.web.graphql_request_error).

Whenever the service's code differs from the gateway's, it is kept in ``extensions.reason``.
"""

from __future__ import annotations

from typing import Any, ClassVar

INTERNAL_MESSAGE = "Something went wrong on our side."


class GatewayError(Exception):
    """An expected error, shown to the client as is (never masked)."""

    code: ClassVar[str] = "INTERNAL"

    def __init__(self, message: str, *, reason: str | None = None, **extensions: Any):
        super().__init__(message)
        # graphql-core copies ``message`` and ``extensions`` onto the GraphQLError it builds.
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code, **extensions}
        if reason and reason != self.code:
            self.extensions["reason"] = reason


class BadUserInput(GatewayError):
    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, fields: list[dict[str, str]] | None = None, reason: str | None = None):
        super().__init__(message, reason=reason, fields=fields or [])


class Unauthenticated(GatewayError):
    code = "UNAUTHENTICATED"


class Forbidden(GatewayError):
    code = "FORBIDDEN"


class NotFound(GatewayError):
    code = "NOT_FOUND"


class Conflict(GatewayError):
    code = "CONFLICT"


class RateLimited(GatewayError):
    code = "RATE_LIMITED"


class UpstreamUnavailable(GatewayError):
    code = "UPSTREAM_UNAVAILABLE"


class UpstreamFailed(GatewayError):
    """The service answered with something the gateway cannot use; shown as INTERNAL."""

    code = "INTERNAL"


def camel_case(path: str) -> str:
    """``registered_at`` -> ``registeredAt``, per dotted segment, so fields match the schema."""

    def one(segment: str) -> str:
        head, *rest = segment.split("_")
        return head + "".join(part[:1].upper() + part[1:] for part in rest)

    return ".".join(one(segment) for segment in path.split("."))


_BY_STATUS: dict[int, type[GatewayError]] = {
    400: BadUserInput,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: BadUserInput,
    429: RateLimited,
    502: UpstreamUnavailable,
    503: UpstreamUnavailable,
    504: UpstreamUnavailable,
}


def from_problem(status: int, problem: dict[str, Any] | None, *, service: str) -> GatewayError:
    """Map a service's RFC 9457 problem (or a bare error status) onto a gateway error."""
    problem = problem or {}
    reason = problem.get("code") if isinstance(problem.get("code"), str) else None
    error_class = _BY_STATUS.get(status)
    if error_class is None:
        # Other 4xx mean the gateway sent a request the service does not understand, and
        # 5xx that the service broke: either way not the caller's doing, and no details leak.
        return UpstreamFailed(INTERNAL_MESSAGE, reason=reason)
    if error_class is UpstreamUnavailable:
        return UpstreamUnavailable(f"The {service} service is unavailable; try again later.", reason=reason)
    message = problem.get("detail") or problem.get("title") or f"The {service} service answered {status}."
    if error_class is BadUserInput:
        fields = [
            {"field": camel_case(str(e.get("field", ""))), "message": str(e.get("message", ""))}
            for e in problem.get("errors") or []
            if isinstance(e, dict)
        ]
        return BadUserInput(message, fields=fields, reason=reason)
    return error_class(message, reason=reason)
