"""Pact documents: the versions of the pact and of the letter of support that organisations sign."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from gateway.types.organisation import Language
from gateway.types.signature import DocumentKind
from gateway.types.pagination import PageInfo


@strawberry.type(description="A published version of the pact or of the letter of support, in one language. Immutable once published.")
class PactDocument:
    id: strawberry.ID = strawberry.field(description="Stable id of this version; signatures name it.")
    kind: DocumentKind = strawberry.field(description="The pact or the letter of support.")
    version: str = strawberry.field(description="Version of the text, e.g. 2021-06.")
    language: Language = strawberry.field(description="The language of this text.")
    title: str = strawberry.field(description="Its title.")
    published_on: date = strawberry.field(description="The day it was published for signing; signatures cannot be older.")
    sha256: str = strawberry.field(description="SHA-256 (hex) of the file: anyone can check a copy against it.")
    media_type: str = strawberry.field(description="The file's media type, e.g. application/pdf.")
    filename: str = strawberry.field(description="The file's name.")
    size: int = strawberry.field(description="The file's size in bytes.")
    published_at: datetime = strawberry.field(description="When it was published on the platform (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> PactDocument:
        return cls(id=strawberry.ID(data["id"]), kind=DocumentKind(data["kind"]), version=data["version"], language=Language(data["language"]),
                   title=data["title"], published_on=date.fromisoformat(data["published_on"]), sha256=data["sha256"],
                   media_type=data["media_type"], filename=data["filename"], size=data["size"],
                   published_at=datetime.fromisoformat(data["published_at"]))


@strawberry.type(description="A document in a page of documents, with the cursor that points just after it.")
class PactDocumentEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this document.")
    node: PactDocument = strawberry.field(description="The document.")


@strawberry.type(description="A page of documents (Relay connection).")
class PactDocumentConnection:
    edges: list[PactDocumentEdge] = strawberry.field(description="The documents of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many documents match the filters, over all pages.")

    @strawberry.field(description="The documents of this page, without cursors.")
    def nodes(self) -> list[PactDocument]:
        return [edge.node for edge in self.edges]
