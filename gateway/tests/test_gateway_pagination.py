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
