"""Pact documents: the pact text and the letter of support, each in versions and languages.

A document is immutable once published: a signature names the exact version it
signs, and the file is identified by its SHA-256 (stored by content address).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from membership.domain.errors import InvalidDocument
from membership.domain.model import Language

TITLE_MAX = 300
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class DocumentKind(str, Enum):
    PACT = "pact"
    LETTER_OF_SUPPORT = "letter_of_support"

    @property
    def label(self) -> str:
        return "the pact" if self is DocumentKind.PACT else "the letter of support"


def check_sha256(value: str, field: str, error=InvalidDocument) -> str:
    digest = value.strip().lower()
    if not SHA256_PATTERN.match(digest):
        raise error(field, f"{field} must be a SHA-256 digest: 64 hexadecimal characters.")
    return digest


@dataclass(frozen=True)
class PactDocument:
    id: str
    kind: DocumentKind
    version: str
    language: Language
    title: str
    published_on: date
    sha256: str
    media_type: str
    filename: str
    size: int
    published_by: str
    published_at: datetime

    @classmethod
    def publish(
        cls,
        *,
        kind: DocumentKind,
        version: str,
        language: Language,
        title: str,
        published_on: date,
        sha256: str,
        media_type: str,
        filename: str,
        size: int,
        published_by: str,
        now: datetime | None = None,
    ) -> "PactDocument":
        title = " ".join(title.split())
        if not title or len(title) > TITLE_MAX:
            raise InvalidDocument("title", f"The title must be 1 to {TITLE_MAX} characters.")
        if not VERSION_PATTERN.match(version):
            raise InvalidDocument("version", f"{version!r} is not a version; use letters, digits, dots and dashes, e.g. 2021-06.")
        if size == 0:
            raise InvalidDocument("file", "The file is empty.")
        return cls(
            id=str(uuid.uuid4()),
            kind=DocumentKind(kind),
            version=version,
            language=Language(language),
            title=title,
            published_on=published_on,
            sha256=check_sha256(sha256, "sha256"),
            media_type=media_type,
            filename=filename,
            size=size,
            published_by=published_by,
            published_at=now or datetime.now(UTC),
        )

    def describe(self) -> str:
        return f"{self.kind.label} version {self.version} ({self.language.value})"
