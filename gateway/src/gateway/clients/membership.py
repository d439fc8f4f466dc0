"""Membership's HTTP API, as the gateway calls it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.clients.base import CORRELATION_HEADER, UpstreamClient, path_id

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
        include_archived: bool = False,
    ) -> dict[str, Any]:
        """One page: ``{"items": [...], "page_info": {...}, "total_count": n}``."""
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [
            (name, value) for name, value in (("after", after), ("kind", kind), ("country", country), ("q", search)) if value is not None
        ]
        if member is not None:
            params.append(("member", "true" if member else "false"))
        params += [("ids", i) for i in ids or ()]
        if include_archived:
            params.append(("include_archived", "true"))
        return await self._call("GET", "/organisations", params=params)

    async def list_signatures(
        self,
        *,
        first: int,
        after: str | None = None,
        organisation_id: str | None = None,
        status: str | None = None,
        document_kind: str | None = None,
        path: str = "/signatures",
    ) -> dict[str, Any]:
        """One page of the signatures the caller may see (membership decides, from the forwarded token)."""
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [
            (name, value)
            for name, value in (("after", after), ("organisation_id", organisation_id), ("status", status), ("document_kind", document_kind))
            if value is not None
        ]
        return await self._call("GET", path, params=params)

    async def list_support_letters(self, **kwargs: Any) -> dict[str, Any]:
        return await self.list_signatures(**kwargs, path="/support-letters")

    async def get_support_letter(self, letter_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/support-letters/{path_id(letter_id)}")

    async def record_signature(self, body: dict[str, Any], *, letter: bool = False) -> dict[str, Any]:
        return await self._call("POST", "/support-letters" if letter else "/signatures", json=body)

    async def decide_signature(self, signature_id: str, action: str, body: dict[str, Any] | None = None, *, letter: bool = False) -> dict[str, Any]:
        """``action`` is verify, reject or withdraw."""
        base = "/support-letters" if letter else "/signatures"
        return await self._call("POST", f"{base}/{path_id(signature_id)}/{action}", json=body)

    async def get_organisation(self, organisation_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/organisations/{path_id(organisation_id)}")

    async def update_organisation(self, organisation_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PATCH", f"/organisations/{path_id(organisation_id)}", json=changes)

    async def archive_organisation(self, organisation_id: str, reason: str) -> dict[str, Any]:
        return await self._call("POST", f"/organisations/{path_id(organisation_id)}/archive", json={"reason": reason})

    async def list_documents(self, *, kind: str | None = None, language: str | None = None) -> dict[str, Any]:
        params = [(name, value) for name, value in (("kind", kind), ("language", language)) if value is not None]
        return await self._call("GET", "/documents", params=params)

    async def list_groups(self, *, kind: str | None = None, organisation_id: str | None = None) -> dict[str, Any]:
        params = [(name, value) for name, value in (("kind", kind), ("organisation_id", organisation_id)) if value is not None]
        return await self._call("GET", "/groups", params=params)

    async def get_group(self, group_id: str, *, include_former: bool = False) -> dict[str, Any]:
        return await self._call("GET", f"/groups/{path_id(group_id)}", params=[("include_former", "true" if include_former else "false")])

    async def create_group(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/groups", json=body)

    async def add_group_member(self, group_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/groups/{path_id(group_id)}/members", json=body)

    async def remove_group_member(self, group_id: str, member_id: str, left_on: str) -> dict[str, Any]:
        path = f"/groups/{path_id(group_id)}/members/{path_id(member_id)}/remove"
        return await self._call("POST", path, json={"left_on": left_on})

    async def register_entries(self, *, after: int, first: int) -> dict[str, Any]:
        return await self._call("GET", "/register", params=[("after", after), ("first", first)])

    async def register_head(self) -> dict[str, Any]:
        return await self._call("GET", "/register/head")

    async def register_proof(self, seq: int) -> dict[str, Any]:
        return await self._call("GET", f"/register/entries/{int(seq)}/proof")

    async def request_erasure(self, body: dict[str, Any]) -> dict[str, Any]:
        """File an erasure request (or get the pending one for the same person)."""
        return await self._call("POST", "/privacy/erasure-requests", json=body)

    async def get_erasure_request(self, request_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/privacy/erasure-requests/{path_id(request_id)}")

    async def list_erasure_requests(self, *, first: int, after: str | None = None) -> dict[str, Any]:
        params: list[tuple[str, str | int]] = [("first", first)] + ([("after", after)] if after else [])
        return await self._call("GET", "/privacy/erasure-requests", params=params)

    async def get_signature(self, signature_id: str) -> dict[str, Any]:
        """One signature; NotFound when there is none or the caller may not see it."""
        return await self._call("GET", f"/signatures/{path_id(signature_id)}")

    async def register_organisation(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/organisations", json=body)
