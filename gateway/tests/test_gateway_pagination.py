"""Backward paging over a service that pages forwards only: the gateway reads forwards from the start, page by page."""

from __future__ import annotations

import pytest

from gateway.connections import MAX_BACKWARD_REACH, _backward
from gateway.errors import BadUserInput
from gateway.pagination import Position, encode_cursor


class ForwardOnly:
    """A list of 10 served 3 at a time, whatever page size is asked for (as a service caps it)."""

    def __init__(self, size: int = 10, page: int = 3):
        self.items = [{"n": i} for i in range(size)]
        self.page = page
        self.calls = 0

    async def __call__(self, *, first: int, after: str | None) -> dict:
        self.calls += 1
        start = int(after) if after else 0
        chunk = self.items[start:start + min(first, self.page)]
        end = start + len(chunk)
        return {"items": chunk, "total_count": len(self.items),
                "page_info": {"has_next_page": end < len(self.items), "end_cursor": str(end) if chunk else None}}


async def test_the_last_items_are_found_across_service_pages():
    service = ForwardOnly()
    page = await _backward(service, 4, None)
    assert [item["n"] for _, item in page.items] == [6, 7, 8, 9]
    assert (page.has_previous_page, page.has_next_page, page.total_count) == (True, False, 10)
    # The cursors point where the items are: before the first of them come 6, 7 is the one after.
    assert page.items[0][0] == encode_cursor(Position("6", 1, 7))

    earlier = await _backward(service, 4, page.items[0][0])
    assert [item["n"] for _, item in earlier.items] == [2, 3, 4, 5] and earlier.has_previous_page and earlier.has_next_page


async def test_reading_stops_at_the_window_and_at_the_reach():
    service = ForwardOnly(size=10, page=3)
    await _backward(service, 2, encode_cursor(Position("3", 1, 5)))  # the 2 items before item 4: within the first two pages
    assert service.calls == 2
    with pytest.raises(BadUserInput):
        await _backward(ForwardOnly(size=MAX_BACKWARD_REACH + 10), 2, None)


class Counted:
    """A service route that answers its whole list at once, counting its calls."""

    def __init__(self, size: int):
        self.items = [{"n": i} for i in range(size)]
        self.calls = 0

    async def __call__(self) -> list[dict]:
        self.calls += 1
        return self.items


def _numbers(connection) -> list[int]:
    return [edge.node["n"] for edge in connection.edges]


async def test_a_whole_list_pages_forwards_and_backwards_with_one_call_per_field():
    from gateway.connections import build_connection, whole_list

    class Edge:
        def __init__(self, cursor, node):
            self.cursor, self.node = cursor, node

    class Connection:
        def __init__(self, edges, page_info, total_count):
            self.edges, self.page_info, self.total_count = edges, page_info, total_count

    shape = dict(edge=Edge, node=lambda item: item, connection=Connection)
    service = Counted(7)
    first = await build_connection(3, None, whole_list(service), **shape)
    assert _numbers(first) == [0, 1, 2] and first.total_count == 7 and first.page_info.has_next_page
    second = await build_connection(3, first.page_info.end_cursor, whole_list(service), **shape)
    assert _numbers(second) == [3, 4, 5] and second.page_info.has_next_page
    rest = await build_connection(3, second.page_info.end_cursor, whole_list(service), **shape)
    assert _numbers(rest) == [6] and not rest.page_info.has_next_page

    last = await build_connection(None, None, whole_list(service), last=2, **shape)
    assert _numbers(last) == [5, 6] and last.page_info.has_previous_page and not last.page_info.has_next_page
    earlier = await build_connection(None, None, whole_list(service), last=2, before=last.page_info.start_cursor, **shape)
    assert _numbers(earlier) == [3, 4]
    assert service.calls == 5, "one call of the route per field, however many pages are read from it"


async def test_a_cursor_of_another_list_is_refused_with_a_clear_error():
    from gateway.connections import build_connection, whole_list

    foreign = encode_cursor(Position("2f6c1e0a-uuid-of-a-service", 0, 1))  # a well-formed gateway cursor over a service's own cursor
    with pytest.raises(BadUserInput, match="cursor"):
        await build_connection(2, foreign, whole_list(Counted(3)), edge=object, node=lambda i: i, connection=object)
    with pytest.raises(BadUserInput):
        await build_connection(2, "not-a-cursor", whole_list(Counted(3)), edge=object, node=lambda i: i, connection=object)
