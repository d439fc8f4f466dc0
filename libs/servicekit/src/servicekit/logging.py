"""structlog JSON logs that carry the correlation id of whatever is being handled.

The id lives in structlog's context variables, bound by the HTTP middleware for
a request and by the consumer for a message, so every log line in between has it.
"""

from __future__ import annotations

import logging
import sys
import uuid
from contextlib import contextmanager

import structlog

_REDACTED_KEYS = {"authorization", "token", "password", "email"}


def _redact(_, __, event_dict):
    # Tokens and e-mail addresses never reach the logs.
    for key in list(event_dict):
        if key.lower() in _REDACTED_KEYS:
            event_dict[key] = "[redacted]"
    return event_dict


def _add_trace_ids(_, __, event_dict):
    from servicekit.observability import current_trace_ids

    event_dict.update(current_trace_ids())
    return event_dict


def configure_logging(service: str, *, level: str = "INFO", json: bool = True) -> None:
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _add_trace_ids,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def current_correlation_id() -> str | None:
    return structlog.contextvars.get_contextvars().get("correlation_id")


def current_causation_id() -> str | None:
    """The id of the event being handled, if any: the cause of whatever is emitted now."""
    return structlog.contextvars.get_contextvars().get("causation_id")


@contextmanager
def correlation(correlation_id: str, **fields):
    """Bind a correlation id (and fields) for the duration of one unit of work."""
    tokens = structlog.contextvars.bind_contextvars(correlation_id=correlation_id, **fields)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
