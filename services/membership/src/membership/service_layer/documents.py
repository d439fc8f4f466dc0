"""Publishing pact documents: the file is stored by its SHA-256, the document row names it."""

from __future__ import annotations

import hashlib

from sqlalchemy.exc import IntegrityError

from contracts import membership as events
from membership.domain import commands
from membership.domain.documents import PactDocument
from membership.domain.errors import DuplicateDocument
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def document_published(doc: PactDocument) -> events.PactDocumentPublished:
    return events.PactDocumentPublished(
        document_id=doc.id,
        kind=events.DocumentKind(doc.kind.value),
        version=doc.version,
        language=events.Language(doc.language.value),
        title=doc.title,
        published_on=doc.published_on,
        sha256=doc.sha256,
        published_by=doc.published_by,
        published_at=doc.published_at,
    )


async def publish_document(cmd: commands.PublishDocument, uow: MembershipUnitOfWork) -> PactDocument:
    doc = PactDocument.publish(
        kind=cmd.kind,
        version=cmd.version,
        language=cmd.language,
        title=cmd.title,
        published_on=cmd.published_on,
        sha256=hashlib.sha256(cmd.content).hexdigest(),
        media_type=cmd.media_type,
        filename=cmd.filename,
        size=len(cmd.content),
        published_by=cmd.published_by,
    )
    async with uow:
        existing = await uow.documents.get_edition(doc.kind, doc.version, doc.language)
        if existing:
            raise DuplicateDocument(existing.id, existing.describe())
        try:
            await uow.documents.store_file(doc.sha256, cmd.content)
            await uow.documents.add(doc)
            uow.emit(document_published(doc))
            await uow.commit()
        except IntegrityError:
            # Lost a race with a concurrent publication of the same edition.
            await uow.rollback()
            raise DuplicateDocument("unknown", doc.describe()) from None
    return doc
