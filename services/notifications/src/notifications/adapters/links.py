"""Signed links that work without an account: the unsubscribe link of a recipient and category."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer


class InvalidLink(ValueError):
    pass


@dataclass(frozen=True)
class LinkTarget:
    recipient: str
    category: str
    language: str = "en"


class LinkSigner:
    """No expiry on purpose: an unsubscribe link in an old message must still work (RFC 8058)."""

    def __init__(self, secret: str, base_url: str):
        if not secret:
            raise ValueError("a link secret is required (NOTIFICATIONS_LINK_SECRET)")
        self._serializer = URLSafeSerializer(secret, salt="notifications.unsubscribe")
        self._base = base_url.rstrip("/")

    def token(self, recipient: str, category: str, language: str = "en") -> str:
        return self._serializer.dumps({"r": recipient.lower(), "c": category, "l": language})

    def unsubscribe_url(self, recipient: str, category: str, language: str = "en") -> str:
        return f"{self._base}/unsubscribe/{self.token(recipient, category, language)}"

    def read(self, token: str) -> LinkTarget:
        try:
            data = self._serializer.loads(token)
            return LinkTarget(recipient=data["r"], category=data["c"], language=data.get("l", "en"))
        except (BadSignature, KeyError, TypeError) as exc:
            raise InvalidLink("this link is not valid") from exc
