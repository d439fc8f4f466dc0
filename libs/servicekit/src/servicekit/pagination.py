"""Opaque cursors for keyset pagination: base64 of the sort key of the last row seen."""

from __future__ import annotations

import base64
import json

from servicekit.errors import FieldError, ProblemError
from servicekit.inputs import single_line, text_problem

# The ``after`` query parameter: a cursor this API gave out. Long enough for a sort key of a 200-character
# name written as JSON escapes, then base64.
Cursor = single_line(min_length=1, max_length=4096)


def encode_cursor(*values: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> tuple[str, ...]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        # A forged cursor must not carry NUL or a lone surrogate into a query (PostgreSQL refuses them).
        if not isinstance(values, list) or len(values) != size or not all(isinstance(v, str) and not text_problem(v) for v in values):
            raise ValueError
    except ValueError:
        raise ProblemError(
            422, "BAD_USER_INPUT", "Invalid cursor", "The cursor is not one this API gave out; start again without it.",
            [FieldError(field="after", message="not a cursor from this API", type="cursor")],
        ) from None
    return tuple(values)
