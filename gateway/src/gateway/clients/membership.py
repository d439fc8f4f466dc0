"""Membership's HTTP API, called on behalf of one GraphQL request.

The ``httpx.AsyncClient`` is shared by the whole process (one connection pool);
this wrapper adds the caller's token and the correlation id to every call and
turns transport failures and problem documents into gateway errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx
import structlog

from gateway.errors import INTERNAL_MESSAGE, UpstreamFailed, UpstreamUnavailable, from_problem

SERVICE = "membership"
CORRELATION_HEADER = "X-Correlation-Id"
# The service's largest page (and its limit on ``ids``); the id loader batches no more than this.
MAX_PAGE = 200

log = structlog.get_logger()


class MembershipClient:
    def __init__(self, http: httpx.AsyncClient, *, token: str | None, correlation_id: str):
        self._http = http
        self._headers = {CORRELATION_HEADER: correlation_id}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

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

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = await self._http.request(method, path, headers=self._headers, **kwargs)
        except httpx.TimeoutException:
            log.warning("upstream.timeout", service=SERVICE, method=method, path=path)
            raise UpstreamUnavailable(f"The {SERVICE} service did not answer in time; try again later.") from None
        except httpx.TransportError as exc:
            log.warning("upstream.unreachable", service=SERVICE, method=method, path=path, error=type(exc).__name__)
            raise UpstreamUnavailable(f"The {SERVICE} service is unavailable; try again later.") from None
        body = _json_or_none(response)
        if response.is_success:
            if isinstance(body, dict):
                return body
            log.warning("upstream.malformed", service=SERVICE, method=method, path=path, status=response.status_code)
            raise UpstreamFailed(INTERNAL_MESSAGE)
        if response.status_code >= 500:
            log.warning("upstream.failed", service=SERVICE, method=method, path=path, status=response.status_code)
        raise from_problem(response.status_code, body if isinstance(body, dict) else None, service=SERVICE)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
