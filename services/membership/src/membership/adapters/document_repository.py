"""Stores pact documents and their files; file bytes are keyed by SHA-256 and stored once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import document_files, pact_documents
from membership.domain.documents import DocumentKind, PactDocument
from membership.domain.model import Language


def _to_domain(row) -> PactDocument:
    return PactDocument(
        id=row.id,
        kind=DocumentKind(row.kind),
        version=row.version,
        language=Language(row.language),
        title=row.title,
        published_on=row.published_on,
        sha256=row.sha256,
        media_type=row.media_type,
        filename=row.filename,
        size=row.size,
        published_by=row.published_by,
        published_at=row.published_at,
    )


class DocumentRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def store_file(self, sha256: str, content: bytes) -> None:
        """Store the bytes unless a file with this digest is already there (also under a concurrent upload)."""
        dialect_insert = postgresql_insert if self._session.bind.dialect.name == "postgresql" else sqlite_insert
        statement = dialect_insert(document_files).values(sha256=sha256, content=content, size=len(content), stored_at=datetime.now(UTC))
        await self._session.execute(statement.on_conflict_do_nothing(index_elements=["sha256"]))

    async def add(self, document: PactDocument) -> None:
        values = {c.name: getattr(document, c.name) for c in pact_documents.columns}
        values["kind"], values["language"] = document.kind.value, document.language.value
        await self._session.execute(insert(pact_documents).values(**values))

    async def get(self, document_id: str) -> PactDocument | None:
        row = (await self._session.execute(select(pact_documents).where(pact_documents.c.id == document_id))).first()
        return _to_domain(row) if row else None

    async def get_edition(self, kind: DocumentKind, version: str, language: Language) -> PactDocument | None:
        c = pact_documents.c
        query = select(pact_documents).where(c.kind == kind.value, c.version == version, c.language == language.value)
        row = (await self._session.execute(query)).first()
        return _to_domain(row) if row else None

    async def list(self, *, kind: DocumentKind | None = None, language: Language | None = None) -> list[PactDocument]:
        """Newest publication first: a short list (a few versions in four languages), so no paging."""
        c = pact_documents.c
        query = select(pact_documents).order_by(c.published_on.desc(), c.kind, c.language, c.id)
        if kind:
            query = query.where(c.kind == kind.value)
        if language:
            query = query.where(c.language == language.value)
        return [_to_domain(r) for r in (await self._session.execute(query)).all()]

    async def file_content(self, sha256: str) -> bytes | None:
        return await self._session.scalar(select(document_files.c.content).where(document_files.c.sha256 == sha256))
