"""Events by id: every event id asked for while a query resolves becomes one call to the events service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from gateway.clients.events import EventsClient
from gateway.clients.membership import MAX_PAGE
from gateway.node import local_id

if TYPE_CHECKING:  # the Event type's resolvers need the context, which builds this loader
    from gateway.types.event import Event


class EventByIdLoader(DataLoader[str, "Event | None"]):
    """Loads ``Event`` or ``None`` (unknown, or not visible to the caller); built per request."""

    def __init__(self, events: EventsClient, *, max_batch_size: int = MAX_PAGE):
        # Keys may be global ids or service ids (gateway.node); both name one object and share one cache entry.
        super().__init__(load_fn=self._load, max_batch_size=max_batch_size, cache_key_fn=local_id)
        self._events = events

    async def _load(self, ids: list[str]) -> list["Event | None"]:
        from gateway.types.event import Event

        page = await self._events.list_events(first=len(ids), ids=ids)
        found = {item["id"]: Event.from_upstream(item) for item in page["items"]}
        return [found.get(local_id(i)) for i in ids]
