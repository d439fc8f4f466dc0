"""Signed personal links: cancel without an account, the personal join link, the registration's calendar and ticket.

A link carries the registration id signed with the service's secret and a purpose
(salt), so a cancel link cannot be turned into a join link and no id can be guessed.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

PURPOSES = ("cancel", "join", "calendar", "ticket")


class Links:
    def __init__(self, public_url: str, secret: str):
        self._base = public_url.rstrip("/")
        self._signers = {p: URLSafeSerializer(secret, salt=f"registration-{p}") for p in PURPOSES}

    def token(self, purpose: str, registration_id: str) -> str:
        return self._signers[purpose].dumps(registration_id)

    def verify(self, purpose: str, registration_id: str, token: str) -> bool:
        try:
            return self._signers[purpose].loads(token) == registration_id
        except BadSignature:
            return False

    def _url(self, purpose: str, registration_id: str, path: str) -> str:
        return f"{self._base}/registrations/{registration_id}{path}?token={self.token(purpose, registration_id)}"

    def cancel_url(self, registration_id: str) -> str:
        return self._url("cancel", registration_id, "/cancel")

    def join_url(self, registration_id: str) -> str:
        return self._url("join", registration_id, "/join")

    def calendar_url(self, registration_id: str) -> str:
        return self._url("calendar", registration_id, ".ics")

    def ticket_url(self, registration_id: str) -> str:
        return self._url("ticket", registration_id, "/ticket.png")
