"""Webhook POSTs signed per Standard Webhooks, to public addresses only (no SSRF into our own network)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from urllib.parse import urlsplit

import httpx

from notifications.adapters.mailer import SendFailed
from notifications.domain.webhooks import signed_headers


class UnsafeUrl(ValueError):
    """Not an http(s) URL, or its host resolves to an address we must not call."""


async def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse anything but http(s), and (unless allowed) any host with a loopback, private, link-local or otherwise
    non-public address among *all* the addresses it resolves to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("only http:// and https:// URLs with a host name are accepted")
    if parts.username or parts.password:
        raise UnsafeUrl("credentials in the URL are not accepted; authenticate with the signature")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("the port is not a number between 0 and 65535") from None
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeUrl(f"the host {parts.hostname!r} does not resolve ({exc.strerror})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise UnsafeUrl(f"the host {parts.hostname!r} resolves to the non-public address {address}")


class WebhookSender:
    def __init__(self, *, timeout: float, allow_private: bool):
        self._timeout = timeout
        self._allow_private = allow_private

    async def send(self, payload: dict, *, secret: str) -> None:
        try:
            await check_url(payload["url"], allow_private=self._allow_private)  # again at send time: DNS may have changed
        except UnsafeUrl as exc:
            raise SendFailed(f"refused: {exc}") from exc
        body = payload["body"].encode()
        headers = signed_headers(secret, payload["webhook_id"], int(time.time()), body)
        headers["user-agent"] = "pact-notifications/1.0"
        try:
            async with httpx.AsyncClient(timeout=self._timeout, follow_redirects=False) as client:
                response = await client.post(payload["url"], content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise SendFailed(f"POST {payload['url']}: {type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise SendFailed(f"POST {payload['url']}: HTTP {response.status_code}")
