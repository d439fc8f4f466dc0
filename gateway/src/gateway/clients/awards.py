"""Awards' HTTP API, as the gateway calls it."""

from __future__ import annotations

from gateway.clients.base import UpstreamClient


class AwardsClient(UpstreamClient):
    SERVICE = "awards"
