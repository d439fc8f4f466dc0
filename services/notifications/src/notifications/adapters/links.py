"""Unsubscribe links that work without an account, and say nothing about whom they are for.

A link is ``/unsubscribe/<token>``: the token is random (192 bits) and names a stored row (recipient, category,
language) in ``unsubscribe_links``, one per recipient, category and language, so every message to the same person
about the same category carries the same link. The address never appears in a URL or a header.

Messages sent before carried signed tokens with the address in readable base64 JSON (itsdangerous). Those are still
read, until ``legacy_until``, so that the unsubscribe links in mail already delivered keep working (RFC 8058).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import unsubscribe_links
from notifications.adapters.repository import insert_ignoring_conflicts


class InvalidLink(ValueError):
    pass


@dataclass(frozen=True)
class LinkTarget:
    recipient: str
    category: str
    language: str = "en"


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-]; never a "." (which legacy tokens all have)


class UnsubscribeLinks:
    """The stored links. No expiry on purpose: an unsubscribe link in an old message must still work (RFC 8058)."""

    def __init__(self, session: AsyncSession):
        self._session = session

    async def token_for(self, recipient: str, category: str, language: str, now: datetime) -> str:
        """The link of this recipient, category and language, made the first time it is needed."""
        c = unsubscribe_links.c
        values = {"recipient": recipient.lower(), "category": category, "language": language}
        # Two consumers may make the same link at once: the second insert does nothing and reads the first one's row.
        await self._session.execute(insert_ignoring_conflicts(self._session, unsubscribe_links).values(token=new_token(), created_at=now, **values))
        return await self._session.scalar(select(c.token).where(*(c[k] == v for k, v in values.items())))

    async def target(self, token: str) -> LinkTarget | None:
        row = (await self._session.execute(select(unsubscribe_links).where(unsubscribe_links.c.token == token))).first()
        return LinkTarget(recipient=row.recipient, category=row.category, language=row.language) if row else None


class LegacyLinks:
    """Reads the signed tokens of messages sent before links were stored (they carry the address), until ``until``."""

    SALT = "notifications.unsubscribe"

    def __init__(self, secret: str, until: date | None):
        self._serializer = URLSafeSerializer(secret, salt=self.SALT) if secret else None
        self._until = until

    @staticmethod
    def looks_legacy(token: str) -> bool:
        return "." in token

    def read(self, token: str, today: date | None = None) -> LinkTarget:
        today = today or datetime.now(UTC).date()
        if self._serializer is None or self._until is None or today > self._until:
            raise InvalidLink("old unsubscribe links are no longer accepted")
        try:
            data = self._serializer.loads(token)
            return LinkTarget(recipient=data["r"], category=data["c"], language=data.get("l", "en"))
        except (BadSignature, KeyError, TypeError) as exc:
            raise InvalidLink("this link is not valid") from exc
