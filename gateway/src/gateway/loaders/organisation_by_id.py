"""Organisations by id: every id asked for while a query resolves becomes one call to membership."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from gateway.clients.membership import MAX_PAGE, MembershipClient
from gateway.node import local_id
from gateway.types.organisation import Organisation


class OrganisationByIdLoader(DataLoader[str, Organisation | None]):
    """Loads ``Organisation`` or ``None`` (unknown id); built per request so its cache never outlives one."""

    def __init__(self, membership: MembershipClient, *, max_batch_size: int = MAX_PAGE):
        # Keys may be global ids or service ids (gateway.node); both name one object and share one cache entry.
        super().__init__(load_fn=self._load, max_batch_size=max_batch_size, cache_key_fn=local_id)
        self._membership = membership

    async def _load(self, ids: list[str]) -> list[Organisation | None]:
        # The loader's cache hands out one future per id, so ``ids`` has no duplicates
        # and a page of len(ids) holds every match.
        page = await self._membership.list_organisations(first=len(ids), ids=ids)
        found = {item["id"]: Organisation.from_upstream(item) for item in page["items"]}
        return [found.get(local_id(i)) for i in ids]
