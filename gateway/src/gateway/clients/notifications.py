"""Notifications' HTTP API, as the gateway calls it."""

from __future__ import annotations

from gateway.clients.base import UpstreamClient


class NotificationsClient(UpstreamClient):
    SERVICE = "notifications"
