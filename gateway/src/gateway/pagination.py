"""Relay cursors, one per edge, laid over the services' one-cursor-per-page keyset paging.

A service answers a page with the cursor after its last item only. A gateway cursor is
therefore a position: the service cursor the page was read after, plus how many of
that page's items to skip. The last edge of a page gets the service's own end cursor
with nothing to skip, so paging on with ``pageInfo.endCursor`` (the common case) reads
nothing twice; resuming from a middle edge re-reads the skipped items. Skips are
offsets, so they can shift by an item if organisations are registered in between:
the price of not depending on how a service builds its cursors.

A cursor also records its index in the whole list, which is what paging backwards
(``last``/``before``) needs: the services page forwards only, so the gateway reads
forwards from the start up to the wanted window (at most MAX_BACKWARD_REACH items).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from gateway.errors import BadUserInput


@dataclass(frozen=True)
class Position:
    after: str | None = None  # the service's cursor; None is the start of the list
    skip: int = 0
    index: int | None = 0  # items before this position in the whole list; None in cursors given out before it was kept


@dataclass(frozen=True)
class Page:
    items: list[tuple[str, dict[str, Any]]]  # (cursor, item)
    has_next_page: bool
    has_previous_page: bool
    total_count: int


def encode_cursor(position: Position) -> str:
    raw = json.dumps([position.after, position.skip, position.index], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, max_skip: int, argument: str = "after") -> Position:
    """The position a cursor points at; ``max_skip`` is the largest page, which no real cursor skips past."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after, skip, index = (*values, None) if len(values) == 2 else values
        if not (after is None or isinstance(after, str)) or not isinstance(skip, int) or not 0 <= skip < max_skip:
            raise ValueError
        if not (index is None or (isinstance(index, int) and index >= 1)):
            raise ValueError
    except (ValueError, TypeError, binascii.Error):
        raise BadUserInput(
            "The cursor is not one this API gave out; start again without it.",
            fields=[{"field": argument, "message": "Not a cursor from this API."}],
        ) from None
    return Position(after, skip, index)


def check_first(first: int, *, limit: int) -> None:
    # The gateway checks this itself because it asks the service for more than `first`
    # when resuming mid-page; the service's own message would name the wrong number.
    if not 1 <= first <= limit:
        raise BadUserInput(
            f"`first` must be between 1 and {limit}.",
            fields=[{"field": "first", "message": f"Must be between 1 and {limit}."}],
        )


def slice_page(upstream: dict[str, Any], position: Position, first: int) -> Page:
    """Cut a service page (read after ``position.after``) down to the edges the caller asked for."""
    items = upstream["items"]
    kept = items[position.skip : position.skip + first]
    base = position.index

    def index(i: int) -> int | None:  # of the position just after kept[i]
        return None if base is None else base + i + 1

    cursors = [encode_cursor(Position(position.after, position.skip + i + 1, index(i))) for i in range(len(kept))]
    more_in_page = len(items) > position.skip + first
    end_cursor = upstream["page_info"].get("end_cursor")
    if kept and not more_in_page and end_cursor:
        cursors[-1] = encode_cursor(Position(end_cursor, 0, index(len(kept) - 1)))
    return Page(
        items=list(zip(cursors, kept, strict=True)),
        has_next_page=more_in_page or bool(upstream["page_info"]["has_next_page"]),
        # A valid cursor always points just after some item, so an `after` means items came before.
        has_previous_page=position != Position(),
        total_count=int(upstream["total_count"]),
    )


def check_last(last: int, *, limit: int) -> None:
    if not 1 <= last <= limit:
        raise BadUserInput(f"`last` must be between 1 and {limit}.", fields=[{"field": "last", "message": f"Must be between 1 and {limit}."}])


def window_before(before: Position | None, last: int, total: int, *, max_reach: int) -> tuple[int, int]:
    """[start, end) of the ``last`` items before ``before`` (before the end of the list when None)."""
    if before is None:
        end = total
    elif before.index is None:
        raise BadUserInput("This cursor was given out before backward paging existed; page forwards with it, or start from the end with `last`.",
                           fields=[{"field": "before", "message": "Cursor without a position in the list."}])
    else:
        end = before.index - 1  # the cursor points just after its edge; `before` excludes that edge
    if end > max_reach:
        raise BadUserInput(f"Paging backwards reaches at most {max_reach} items from the start of the list; use first/after to go deeper.",
                           fields=[{"field": "before" if before else "last", "message": f"More than {max_reach} items from the start."}])
    return max(0, end - last), end
