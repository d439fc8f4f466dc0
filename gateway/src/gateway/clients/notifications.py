"""Notifications' HTTP API, as the gateway calls it."""

from __future__ import annotations

from typing import Any

from gateway.clients.base import UpstreamClient, path_id


class NotificationsClient(UpstreamClient):
    SERVICE = "notifications"

    async def list_deliveries(self, *, first: int, after: str | None = None, status: str | None = None, channel: str | None = None,
                              recipient: str | None = None) -> dict[str, Any]:
        """One page of the delivery log the caller may see (operators: all; members: their webhooks')."""
        params: list[tuple[str, str | int]] = [("first", first)]
        params += [(k, v) for k, v in (("after", after), ("status", status), ("channel", channel), ("recipient", recipient)) if v is not None]
        return await self._call("GET", "/deliveries", params=params)

    async def replay_delivery(self, delivery_id: str) -> dict[str, Any]:
        return await self._call("POST", f"/deliveries/{path_id(delivery_id)}/replay")

    async def webhook_event_types(self) -> list[str]:
        return (await self._call("GET", "/webhooks/event-types"))["event_types"]

    async def list_webhook_subscriptions(self) -> list[dict[str, Any]]:
        return (await self._call("GET", "/webhooks/subscriptions"))["items"]

    async def create_webhook_subscription(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/webhooks/subscriptions", json=body)

    async def update_webhook_subscription(self, subscription_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("PATCH", f"/webhooks/subscriptions/{path_id(subscription_id)}", json=body)
