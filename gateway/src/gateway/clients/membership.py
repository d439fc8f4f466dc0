"""Membership's HTTP API, as the gateway calls it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from gateway.clients.base import CORRELATION_HEADER, UpstreamClient

__all__ = ["CORRELATION_HEADER", "MAX_PAGE", "MembershipClient"]

# The service's largest page (and its limit on ``ids``); the id loader batches no more than this.
MAX_PAGE = 200


class MembershipClient(UpstreamClient):
    SERVICE = "membership"

    async def list_organisations(
        self,
        *,
        first: int,
        after: str | None = None,
        kind: str | None = None,
        country: str | None = None,
        search: str | None = None,
        ids: Sequence[str] | None = None,
        member: bool | None = None,
    ) -> dict[str, Any]:
        """One page: ``{"items": [...], "page_info": {...}, "total_count": n}``."""
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [
            (name, value) for name, value in (("after", after), ("kind", kind), ("country", country), ("q", search)) if value is not None
        ]
        if member is not None:
            params.append(("member", "true" if member else "false"))
        params += [("ids", i) for i in ids or ()]
        return await self._call("GET", "/organisations", params=params)

    async def list_signatures(
        self,
        *,
        first: int,
        after: str | None = None,
        organisation_id: str | None = None,
        status: str | None = None,
    ) -> dict[str, Any]:
        """One page of the signatures the caller may see (membership decides, from the forwarded token)."""
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [
            (name, value)
            for name, value in (("after", after), ("organisation_id", organisation_id), ("status", status))
            if value is not None
        ]
        return await self._call("GET", "/signatures", params=params)

    async def get_signature(self, signature_id: str) -> dict[str, Any]:
        """One signature; NotFound when there is none or the caller may not see it."""
        return await self._call("GET", f"/signatures/{quote(signature_id, safe='')}")

    async def register_organisation(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/organisations", json=body)
