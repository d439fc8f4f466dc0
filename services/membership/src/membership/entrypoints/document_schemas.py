"""HTTP bodies for pact documents (the upload itself is a multipart form)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from membership.domain.documents import DocumentKind
from membership.domain.model import Language


class DocumentOut(BaseModel):
    id: str
    kind: DocumentKind
    version: str = Field(description="Version of the text, e.g. 2021-06.")
    language: Language
    title: str
    published_on: date
    sha256: str = Field(description="SHA-256 of the file (hex); also the file's ETag.")
    media_type: str
    filename: str
    size: int = Field(description="File size in bytes.")
    published_at: datetime


class DocumentList(BaseModel):
    items: list[DocumentOut]
