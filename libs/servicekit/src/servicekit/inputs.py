"""Types for what clients send (JSON bodies, query parameters, form fields): checked once, at the edge.

Strings: no database or codec sees what it cannot store. PostgreSQL's ``text`` refuses NUL, no UTF-8
codec takes a lone surrogate (JSON may carry ``"\\ud800"``), and other control characters in a name
break e-mail headers, CSV files and logs. Free text keeps tab, newline and carriage return. Nothing
is normalised: right-to-left marks, emoji and combining characters are stored as sent.

Times: an ISO 8601 string, never a number (pydantic reads ``0`` as 1970-01-01), in the years 2000
to 2100: nothing the platform schedules lies outside, and a year 1544 is a typing error.
Days: ``YYYY-MM-DD``, in the years 1900 to 2100 (founding dates reach back further than events).
Booleans and integers in bodies are strict (``"yes"`` is not true, ``3.0`` and ``true`` are not 3);
in a query string a flag is ``true`` or ``false``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Request
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StrictBool, StrictInt, StringConstraints
from pydantic_core import PydanticCustomError

from servicekit.errors import FieldError, ProblemError

NAME_MAX = 200
TEXT_MAX = 4000
SEARCH_MAX = 200
KEY_MAX = 200
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
EARLIEST_DAY_YEAR = 1900

# C0 controls, DEL and C1 controls; free text keeps \t \n \r. Written once, used as a Python regex
# (the check with a clear message) and as the JSON Schema pattern that OpenAPI documents.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_CONTROLS_BUT_WHITESPACE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
SINGLE_LINE_PATTERN = rf"^[^{_CONTROLS}]*$"
FREE_TEXT_PATTERN = rf"^[^{_CONTROLS_BUT_WHITESPACE}]*$"
_CONTROL, _CONTROL_BUT_WHITESPACE = re.compile(f"[{_CONTROLS}]"), re.compile(f"[{_CONTROLS_BUT_WHITESPACE}]")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be stored as text, or None. For strings that no pydantic type checks (path segments, cursors)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"must be valid Unicode: a lone surrogate (U+{ord(value[exc.start]):04X}) at position {exc.start}"
    found = (_CONTROL_BUT_WHITESPACE if multiline else _CONTROL).search(value)
    if found:
        allowed = " (tab, newline and carriage return are allowed)" if multiline else ""
        return f"must not contain control characters{allowed}: U+{ord(found.group()):04X} at position {found.start()}"
    return None


def _checker(multiline: bool):
    def check(value: Any) -> Any:
        # Before pydantic's own str validation, which calls a lone surrogate "unable to parse raw data".
        if isinstance(value, str) and (problem := text_problem(value, multiline=multiline)):
            raise PydanticCustomError("invalid_characters", problem)
        return value

    return check


def _not_blank(value: str) -> str:
    if value and not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


def single_line(*, min_length: int = 0, max_length: int = KEY_MAX) -> Any:
    """A one-line string: no control characters, no lone surrogates. Lengths are set here, not in ``Field``."""
    constraints = StringConstraints(min_length=min_length or None, max_length=max_length, pattern=SINGLE_LINE_PATTERN)
    return Annotated[str, constraints, BeforeValidator(_checker(False))]


def free_text(*, min_length: int = 0, max_length: int = TEXT_MAX) -> Any:
    """Text that may span lines (tab, newline, carriage return); no other control characters, no lone surrogates."""
    constraints = StringConstraints(min_length=min_length or None, max_length=max_length, pattern=FREE_TEXT_PATTERN)
    return Annotated[str, constraints, BeforeValidator(_checker(True))]


def name(*, max_length: int = NAME_MAX) -> Any:
    """What a person or thing is called: one line, at least one visible character."""
    return Annotated[single_line(min_length=1, max_length=max_length), AfterValidator(_not_blank)]


def email_address(*, max_length: int = 320) -> Any:
    """Something@somewhere on one line (its form, not its deliverability: a service checks that where it matters)."""
    pattern = rf"^[^@\s{_CONTROLS}]+@[^@\s{_CONTROLS}]+$"
    return Annotated[str, StringConstraints(min_length=3, max_length=max_length, pattern=pattern), BeforeValidator(_checker(False))]


Name = name()
Text = free_text()
SearchTerm = single_line(max_length=SEARCH_MAX)
Key = single_line(min_length=1, max_length=KEY_MAX)  # ids, codes, tokens: one line, not empty
EmailAddress = email_address()
# Another aggregate's id as the services write them (servicekit.auth.is_service_id): a canonical UUID. Stored
# in 36-character columns, so anything longer must be refused here, not by PostgreSQL.
SERVICE_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ServiceId = Annotated[str, StringConstraints(min_length=36, max_length=36, pattern=SERVICE_ID_PATTERN), BeforeValidator(_checker(False))]


def _iso_string(code: str, what: str, pattern: re.Pattern[str], example: str):
    def check(value: Any) -> Any:
        if isinstance(value, date):  # built in Python (JSON has no dates); a datetime is a date too
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise PydanticCustomError(code, f"must be {what} as an ISO 8601 string, e.g. {example}")
        return value

    return check


def _years(earliest: int, latest: int):
    def check(value: date) -> date:
        if not earliest <= value.year <= latest:
            raise PydanticCustomError("out_of_range", f"must lie in the years {earliest} to {latest}")
        return value

    return check


_CLOCK = r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
_ZONE = r"([Zz]|[+-]\d{2}:\d{2})"
_DATETIME, _OFFSET = re.compile(f"{_CLOCK}{_ZONE}?", re.ASCII), re.compile(f"{_CLOCK}{_ZONE}", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

Moment = Annotated[AwareDatetime, AfterValidator(_years(EARLIEST_YEAR, LATEST_YEAR)),
                   BeforeValidator(_iso_string("datetime_format", "a date and time with an offset", _OFFSET, "2026-05-04T09:30:00+02:00")),
                   Field(description=f"ISO 8601 with an offset, in the years {EARLIEST_YEAR} to {LATEST_YEAR}.")]
"""An instant: an ISO 8601 string with an offset (Z or ±hh:mm)."""

LocalMoment = Annotated[datetime, AfterValidator(_years(EARLIEST_YEAR, LATEST_YEAR)),
                        BeforeValidator(_iso_string("datetime_format", "a date and time", _DATETIME, "2026-05-04T09:30:00"))]
"""A time that may leave out its offset: the service says what zone a wall-clock time is in."""

Day = Annotated[date, AfterValidator(_years(EARLIEST_DAY_YEAR, LATEST_YEAR)),
                BeforeValidator(_iso_string("date_format", "a date", _DAY, "2026-05-04"))]


def _true_or_false(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise PydanticCustomError("bool_parsing", "must be true or false")
        return value == "true"
    return value


QueryFlag = Annotated[StrictBool, BeforeValidator(_true_or_false)]
"""A boolean query parameter: ``true`` or ``false``, not ``1``, ``yes`` or ``on``."""

def refuse_unstorable_path_params(request: Request) -> None:
    """A dependency on every service route: a path segment is text no pydantic type checks, and an id
    with NUL would reach PostgreSQL (which refuses it with an error) where SQLite just finds nothing."""
    errors = [FieldError(field=key, message=problem, type="invalid_characters")
              for key, value in request.path_params.items() if isinstance(value, str) and (problem := text_problem(value))]
    if errors:
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid input", "Some fields are invalid; see errors.", errors)


__all__ = ["Day", "EmailAddress", "Key", "LocalMoment", "Moment", "Name", "QueryFlag", "SearchTerm", "StrictBool", "StrictInt", "Text",
           "email_address", "free_text", "name", "refuse_unstorable_path_params", "single_line", "text_problem"]
