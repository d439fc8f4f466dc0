"""The first page of registrations of every event a query lists: one call to the events service per page size and status."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from strawberry.dataloader import DataLoader

from gateway.clients.events import EventsClient
from gateway.clients.membership import MAX_PAGE
from gateway.errors import from_problem


class RegistrationsKey(NamedTuple):
    event_id: str
    first: int
    status: str | None


class RegistrationsByEventLoader(DataLoader[RegistrationsKey, dict[str, Any]]):
    """Loads an event's first registrations page (``{"items", "page_info", "total_count"}``), or raises the event's refusal."""

    def __init__(self, events: EventsClient, *, max_batch_size: int = MAX_PAGE):
        super().__init__(load_fn=self._load, max_batch_size=max_batch_size)
        self._events = events

    async def _load(self, keys: list[RegistrationsKey]) -> list[dict[str, Any] | Exception]:
        groups: dict[tuple[int, str | None], list[str]] = defaultdict(list)
        for key in keys:
            groups[(key.first, key.status)].append(key.event_id)
        found: dict[RegistrationsKey, dict[str, Any] | Exception] = {}
        for (first, status), event_ids in groups.items():
            for page in await self._events.registrations_of_events(event_ids, first=first, status=status):
                problem = page.get("problem")
                result = from_problem(int(problem.get("status", 500)), problem, service="events") if problem else page
                found[RegistrationsKey(page["event_id"], first, status)] = result
        return [found.get(key) or from_problem(500, None, service="events") for key in keys]
