"""Events' HTTP API, as the gateway calls it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from gateway.clients.base import UpstreamClient, _json_or_none, path_id
from gateway.errors import INTERNAL_MESSAGE, BadUserInput, UpstreamFailed, from_problem
from gateway.node import local_id




class EventsClient(UpstreamClient):
    SERVICE = "events"

    async def list_events(
        self, *, first: int, after: str | None = None, when: str | None = None, kind: str | None = None, organiser: str | None = None,
        language: str | None = None, status: str | None = None, ids: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """One page of the events the caller may see: ``{"items", "page_info", "total_count"}``."""
        params: list[tuple[str, str | int]] = [("first", first)]
        filters = (("after", after), ("when", when), ("kind", kind), ("organiser", local_id(organiser)), ("language", language), ("status", status))
        params += [(name, value) for name, value in filters if value is not None]
        params += [("ids", i) for i in ids or ()]
        return await self._call("GET", "/events", params=params)

    async def get_event(self, event_id: str) -> dict[str, Any]:
        return await self._call("GET", f"/events/{path_id(event_id)}")

    async def create_event(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/events", json=body)

    async def update_event(self, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PATCH", f"/events/{path_id(event_id)}", json=body)

    async def publish_event(self, event_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/events/{path_id(event_id)}/publish")

    async def cancel_event(self, event_id: str, reason: str) -> dict[str, Any]:
        return await self._call("POST", f"/events/{path_id(event_id)}/cancel", json={"reason": reason})

    async def add_session(self, event_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", f"/events/{path_id(event_id)}/sessions", json=body)

    async def register(self, event_id: str, body: dict[str, Any], idempotency_key: str | None = None) -> dict[str, Any]:
        caller = self
        if idempotency_key is not None and not (0 < len(idempotency_key) <= 200 and idempotency_key.isascii() and idempotency_key.isprintable()):
            # It travels as an HTTP header: printable ASCII only.
            raise BadUserInput("idempotencyKey must be 1 to 200 printable ASCII characters.",
                               fields=[{"field": "idempotencyKey", "message": "1 to 200 printable ASCII characters"}])
        if idempotency_key:  # a copy with one more header: this client is shared by the request's resolvers
            caller = copy.copy(self)
            caller._headers = {**self._headers, "Idempotency-Key": idempotency_key}
        return await caller._call("POST", f"/events/{path_id(event_id)}/registrations", json=body)

    async def list_registrations(self, event_id: str, *, first: int, after: str | None = None, status: str | None = None) -> dict[str, Any]:
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [(name, value) for name, value in (("after", after), ("status", status)) if value is not None]
        return await self._call("GET", f"/events/{path_id(event_id)}/registrations", params=params)

    async def get_registration(self, registration_id: str, token: str | None = None) -> dict[str, Any]:
        params = {"token": token} if token else None
        return await self._call("GET", f"/registrations/{path_id(registration_id)}", params=params)

    async def registration_calendar(self, registration_id: str, token: str) -> str:
        """The registrant's iCalendar file, as the service writes it (the personal calendar link's token)."""
        response = await self._send("GET", f"/registrations/{path_id(registration_id)}.ics", params={"token": token})
        if response.is_success and response.headers.get("content-type", "").startswith("text/calendar"):
            return response.text
        if response.is_success:
            raise UpstreamFailed(INTERNAL_MESSAGE)
        body = _json_or_none(response)
        raise from_problem(response.status_code, body if isinstance(body, dict) else None, service=self.SERVICE)

    async def join_link(self, registration_id: str, token: str) -> dict[str, Any]:
        return await self._call("GET", f"/registrations/{path_id(registration_id)}/join-link", params={"token": token})

    async def cancel_registration(self, registration_id: str, token: str | None = None) -> dict[str, Any]:
        params = {"token": token} if token else None
        return await self._call("POST", f"/registrations/{path_id(registration_id)}/cancel", params=params)

    async def check_in(self, event_id: str, ticket_code: str) -> dict[str, Any]:
        return await self._call("POST", f"/events/{path_id(event_id)}/check-ins", json={"ticket_code": ticket_code})

    async def registrations_of_events(self, event_ids: Sequence[str], *, first: int, status: str | None = None) -> list[dict[str, Any]]:
        """The first page of each event's registrations in one call: ``[{"event_id", "items", "page_info", "total_count", "problem"}]``."""
        params: list[tuple[str, str | int]] = [("first", first)] + [("event_id", i) for i in event_ids]
        if status is not None:
            params.append(("status", status))
        return (await self._call("GET", "/registrations", params=params))["items"]
