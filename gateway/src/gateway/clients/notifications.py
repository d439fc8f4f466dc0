"""Notifications' HTTP API, as the gateway calls it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from gateway.clients.base import UpstreamClient, path_id
from gateway.errors import NotFound


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

    # The unsubscribe links of the messages: the token is the only credential (no caller token needed).
    async def unsubscribe_link(self, token: str) -> dict[str, Any]:
        return await self._call("GET", f"/unsubscribe-links/{_token_segment(token)}")

    async def switch_unsubscribe_link(self, token: str, subscribed: bool) -> dict[str, Any]:
        return await self._call("POST", f"/unsubscribe-links/{_token_segment(token)}/{'resubscribe' if subscribed else 'unsubscribe'}")


def _token_segment(token: str) -> str:
    """The link's token as one path segment; an empty or dot token, or an absurdly long one, names no link."""
    if token.strip() in ("", ".", "..") or len(token) > 500:
        raise NotFound("This unsubscribe link is not valid.")
    return quote(token, safe="")
