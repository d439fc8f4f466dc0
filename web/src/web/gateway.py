"""The site's only way out: its registered GraphQL operations, sent to the gateway by hash.

A request carries the operation's SHA-256 (Apollo persisted queries) and, only if the gateway does
not know it yet (development, no trusted documents loaded), the document itself once. The site's
client secret and the visitor's address go along, so that the gateway can hold the site to its
registered documents and count its rate limit per visitor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from web.operations import OPERATIONS, OperationName

CLIENT_HEADER = "X-Pact-Web-Client"
VISITOR_HEADER = "X-Pact-Visitor"


@dataclass
class GatewayError(Exception):
    """The operation failed: ``code`` is the gateway's stable code (``UNAVAILABLE`` when it did not answer)."""

    code: str
    message: str = ""
    reason: str | None = None
    fields: list[dict[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class Gateway:
    def __init__(self, http: httpx.AsyncClient, url: str, *, client_secret: str = ""):
        self.http, self.url, self.client_secret = http, url, client_secret

    async def run(self, name: OperationName, variables: dict[str, Any] | None = None, *, visitor: str | None = None) -> dict[str, Any]:
        """The operation's ``data``; a GatewayError for the first error (the site's operations ask for nothing optional)."""
        operation = OPERATIONS[name]
        body: dict[str, Any] = {"operationName": name, "variables": variables or {},
                                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": operation.sha256}}}
        headers = {CLIENT_HEADER: self.client_secret} if self.client_secret else {}
        if visitor:
            headers[VISITOR_HEADER] = visitor
        answer = await self._post(body, headers)
        if _first_code(answer) == "PERSISTED_QUERY_NOT_FOUND":
            answer = await self._post({**body, "query": operation.document}, headers)
        errors = answer.get("errors") or []
        if errors:
            first = errors[0]
            extensions = first.get("extensions") or {}
            raise GatewayError(extensions.get("code") or "INTERNAL", first.get("message", ""), extensions.get("reason"),
                               extensions.get("fields") or [])
        return answer.get("data") or {}

    async def _post(self, body: dict, headers: dict) -> dict:
        try:
            response = await self.http.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise GatewayError("UNAVAILABLE", f"The gateway did not answer: {type(exc).__name__}") from exc
        try:
            answer = response.json()
        except ValueError:
            raise GatewayError("UNAVAILABLE", f"The gateway answered {response.status_code} without JSON") from None
        if not isinstance(answer, dict):
            raise GatewayError("UNAVAILABLE", "The gateway's answer is not a GraphQL response")
        return answer


def _first_code(answer: dict) -> str | None:
    errors = answer.get("errors") or []
    return (errors[0].get("extensions") or {}).get("code") if errors else None
