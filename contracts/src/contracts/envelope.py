"""The event envelope: CloudEvents attributes carried as Kafka headers.

This is the CloudEvents Kafka protocol binding in *binary* mode: every
attribute is a ``ce_``-prefixed header, the payload is the record value
(``content-type: application/json``) and the aggregate id is the record key.
Correlation and causation ids are CloudEvents extension attributes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"

_HEADER_FIELDS = ("id", "source", "type", "specversion", "time", "subject", "correlationid", "causationid")


class MissingHeader(ValueError):
    pass


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    specversion: str = SPECVERSION
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str
    correlationid: str
    causationid: str | None = None

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = [("content-type", CONTENT_TYPE.encode())]
        for name in _HEADER_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            text = value.isoformat() if isinstance(value, datetime) else str(value)
            headers.append((f"ce_{name}", text.encode()))
        return headers

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes | str]] | dict) -> "Envelope":
        items = headers.items() if isinstance(headers, dict) else headers
        values = {}
        for key, raw in items:
            if key.startswith("ce_"):
                values[key[3:]] = raw.decode() if isinstance(raw, bytes) else raw
        missing = [n for n in ("id", "source", "type", "subject") if n not in values]
        if missing:
            raise MissingHeader(f"message lacks CloudEvents headers: {', '.join('ce_' + m for m in missing)}")
        values.setdefault("correlationid", values["id"])
        return cls.model_validate({k: v for k, v in values.items() if k in _HEADER_FIELDS})
