"""Relay's PageInfo, shared by every connection in the schema."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Where a page sits in a list, and the cursors to move on from it.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page (true whenever `after` was given).")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge of this page; null when it is empty.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge of this page; pass it as `after` to get the next page.")
