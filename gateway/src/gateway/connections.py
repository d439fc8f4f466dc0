"""Relay connections over the services' cursor pages: one builder for every list field."""

from __future__ import annotations

from typing import Annotated, Any, Awaitable, Callable, TypeVar

import strawberry

from gateway.clients.membership import MAX_PAGE
from gateway.errors import BadUserInput
from gateway.pagination import Page, Position, check_first, check_last, decode_cursor, encode_cursor, slice_page, window_before
from gateway.types.pagination import PageInfo

DEFAULT_PAGE = 50
MAX_BACKWARD_REACH = 10 * MAX_PAGE  # items read from the start of a list to page backwards (services page forwards only)
C = TypeVar("C")

# The arguments of every connection field.
FirstArg = Annotated[int | None, strawberry.argument(description=f"Page forwards: this many items, 1 to {MAX_PAGE} ({DEFAULT_PAGE} when neither first nor last is given).")]
AfterArg = Annotated[str | None, strawberry.argument(description="Start after this cursor (an edge's or `endCursor`).")]
LastArg = Annotated[int | None, strawberry.argument(description=f"Page backwards: the last this many items (before `before`), 1 to {MAX_PAGE}.")]
BeforeArg = Annotated[str | None, strawberry.argument(description="End before this cursor (an edge's or `startCursor`).")]


async def build_connection(
    first: int | None,
    after: str | None,
    fetch: Callable[..., Awaitable[dict[str, Any]]],
    *,
    edge: type,
    node: Callable[[dict[str, Any]], Any],
    connection: type[C],
    last: int | None = None,
    before: str | None = None,
) -> C:
    """Fetch one upstream page (``fetch(first=, after=)``) and shape it as a connection: ``first``/``after``
    forwards, or ``last``/``before`` backwards.

    A gateway cursor may resume mid-page, so the upstream is asked for the rows to skip too.
    """
    if last is not None or before is not None:
        if first is not None or after is not None:
            raise BadUserInput("Page with first/after or with last/before, not both at once.",
                               fields=[{"field": "last" if last is not None else "before", "message": "Not with first/after."}])
        page = await _backward(fetch, last if last is not None else DEFAULT_PAGE, before)
    else:
        first = DEFAULT_PAGE if first is None else first  # an explicit null means the default
        check_first(first, limit=MAX_PAGE)
        position = decode_cursor(after, max_skip=MAX_PAGE) if after else Position()
        page = slice_page(await fetch(first=min(first + position.skip, MAX_PAGE), after=position.after), position, first)
    edges = [edge(cursor=cursor, node=node(item)) for cursor, item in page.items]
    page_info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return connection(edges=edges, page_info=page_info, total_count=page.total_count)


def whole_list(load: Callable[[], Awaitable[list[dict[str, Any]]]]) -> Callable[..., Awaitable[dict[str, Any]]]:
    """A ``fetch`` for ``build_connection`` over a service route that answers its whole list at once (the lists
    that stay short: editions, documents, groups, a juror's ballots, webhook subscriptions). The route is called
    once per field however many pages are cut from it; the cursors under the gateway's are offsets."""
    items: list[dict[str, Any]] | None = None

    async def fetch(*, first: int, after: str | None) -> dict[str, Any]:
        nonlocal items
        if items is None:
            items = await load()
        start = _offset(after)
        page = items[start : start + first]
        end = start + len(page)
        return {"items": page, "total_count": len(items), "page_info": {"has_next_page": end < len(items), "end_cursor": str(end)}}

    return fetch


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    if not after.isdigit() or len(after) > 9:  # a cursor of another list, or made up
        raise BadUserInput("The cursor is not one this API gave out; start again without it.",
                           fields=[{"field": "after", "message": "Not a cursor from this API."}])
    return int(after)


async def _backward(fetch: Callable[..., Awaitable[dict[str, Any]]], last: int, before: str | None) -> Page:
    """The ``last`` items before ``before``: read forwards from the start of the list (services page forwards only)."""
    check_last(last, limit=MAX_PAGE)
    position = decode_cursor(before, max_skip=MAX_PAGE, argument="before") if before else None
    total = None
    if position is None:
        total = int((await fetch(first=1, after=None))["total_count"])
    start, end = window_before(position, last, total or 0, max_reach=MAX_BACKWARD_REACH)
    items: list[tuple[str, dict[str, Any]]] = []
    read, after = 0, None
    while read < end:
        upstream = await fetch(first=MAX_PAGE, after=after)
        total = int(upstream["total_count"])
        for offset, item in enumerate(upstream["items"]):
            if start <= read + offset < end:
                items.append((encode_cursor(Position(after, offset + 1, read + offset + 1)), item))
        read += len(upstream["items"])
        after = upstream["page_info"].get("end_cursor")
        if not upstream["items"] or not upstream["page_info"]["has_next_page"] or not after:
            break
    total = total or 0
    return Page(items=items, has_next_page=end < total, has_previous_page=start > 0, total_count=total)
