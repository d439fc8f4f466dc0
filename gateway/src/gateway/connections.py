"""Relay connections over the services' cursor pages: one builder for every list field."""

from __future__ import annotations

from typing import Any, Awaitable, Callable, TypeVar

from gateway.clients.membership import MAX_PAGE
from gateway.pagination import Position, check_first, decode_cursor, slice_page
from gateway.types.pagination import PageInfo

DEFAULT_PAGE = 50
C = TypeVar("C")


async def build_connection(
    first: int | None,
    after: str | None,
    fetch: Callable[..., Awaitable[dict[str, Any]]],
    *,
    edge: type,
    node: Callable[[dict[str, Any]], Any],
    connection: type[C],
) -> C:
    """Fetch one upstream page (``fetch(first=, after=)``) and shape it as a connection.

    A gateway cursor may resume mid-page, so the upstream is asked for the rows to skip too.
    """
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
