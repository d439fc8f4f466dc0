"""Pact documents over HTTP: publish (multipart upload), list, read, download by content address."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, Response, UploadFile, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import require_roles
from servicekit.inputs import Day, name, single_line, text_problem

from membership.adapters.document_repository import DocumentRepository
from membership.domain import commands
from membership.domain.documents import TITLE_MAX, DocumentKind, PactDocument
from membership.domain.errors import MembershipError
from membership.domain.model import Language
from membership.entrypoints.document_schemas import DocumentList, DocumentOut
from membership.entrypoints.problems import problem_for
from membership.service_layer import documents as handlers

router = APIRouter(prefix="/documents", tags=["pact documents"], responses=PROBLEM_RESPONSES)

MAX_FILE_BYTES = 25 * 1024 * 1024  # a signed PDF of the pact is a few MB; the bytes live in the database
MAX_REQUEST_BYTES = MAX_FILE_BYTES + 64 * 1024  # the file and the form's other fields
Version = single_line(min_length=1, max_length=32)
Title = name(max_length=TITLE_MAX)
# A PDF downloads as what it is; any other file as bytes. The media type a client declared when publishing
# stays in the document's metadata (media_type), but is never sent back as the type of a response from this
# origin (a text/html "pact" would be a page of ours).
SERVED_AS_PUBLISHED = ("application/pdf",)
FILE_MEDIA_TYPES = (*SERVED_AS_PUBLISHED, "application/octet-stream")


def _out(doc: PactDocument) -> DocumentOut:
    return DocumentOut(**{k: getattr(doc, k) for k in DocumentOut.model_fields})


def _checked_upload_header(value: str | None, what: str) -> None:
    # The part's filename and Content-Type are text no pydantic type sees: check them as a form field is checked.
    if value is not None and (problem := text_problem(value)):
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid input", f"The file's {what} {problem}.",
                           [FieldError(field="file", message=f"{what} {problem}", type="invalid_characters")])


async def _read_limited(file: UploadFile) -> bytes:
    content = await file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ProblemError(413, "PAYLOAD_TOO_LARGE", "File too large", f"A document file may be at most {MAX_FILE_BYTES // 2**20} MiB.")
    return content


@router.post("", status_code=status.HTTP_201_CREATED, summary="Publish a version of the pact or of the letter of support")
async def publish_document(
    request: Request,
    file: Annotated[UploadFile, File(description="The document file (e.g. PDF).")],
    kind: Annotated[DocumentKind, Form()],
    version: Annotated[Version, Form(description="e.g. 2021-06")],
    language: Annotated[Language, Form()],
    title: Annotated[Title, Form()],
    published_on: Annotated[Day, Form()],
    principal: Principal = require_roles(Role.SECRETARIAT, Role.OPERATOR),
) -> DocumentOut:
    _checked_upload_header(file.filename, "name")
    _checked_upload_header(file.content_type, "media type")
    cmd = commands.PublishDocument(
        kind=kind, version=version, language=language, title=title, published_on=published_on, content=await _read_limited(file),
        media_type=file.content_type or "application/octet-stream", filename=file.filename or "document", published_by=principal.subject,
    )
    try:
        doc = await handlers.publish_document(cmd, request.app.state.runtime.uow())
    except MembershipError as exc:
        raise problem_for(exc) from None
    return _out(doc)


@router.get("", summary="List pact documents, newest publication first")
async def list_documents(request: Request, kind: DocumentKind | None = None, language: Language | None = None) -> DocumentList:
    async with request.app.state.runtime.sessionmaker() as session:
        docs = await DocumentRepository(session).list(kind=kind, language=language)
    return DocumentList(items=[_out(d) for d in docs])


async def _get(request: Request, document_id: str) -> PactDocument:
    async with request.app.state.runtime.sessionmaker() as session:
        doc = await DocumentRepository(session).get(document_id)
    if doc is None:
        raise NotFound("Pact document", document_id)
    return doc


@router.get("/{document_id}", summary="One pact document")
async def get_document(document_id: str, request: Request) -> DocumentOut:
    return _out(await _get(request, document_id))


@router.get("/{document_id}/file", summary="The document's file; its ETag is its SHA-256", response_class=Response,
            responses={200: {"description": "The file: application/pdf for a PDF, otherwise application/octet-stream",
                             "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in FILE_MEDIA_TYPES}},
                       304: {"description": "Not modified"}})
async def download_document(document_id: str, request: Request) -> Response:
    doc = await _get(request, document_id)
    # The bytes behind a digest never change, so caches may keep them forever.
    headers = {"ETag": f'"{doc.sha256}"', "Cache-Control": "public, max-age=31536000, immutable"}
    if f'"{doc.sha256}"' in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    async with request.app.state.runtime.sessionmaker() as session:
        content = await DocumentRepository(session).file_content(doc.sha256)
    headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(doc.filename)}"
    headers["X-Content-Type-Options"] = "nosniff"
    return Response(content, media_type=_served_media_type(doc.media_type), headers=headers)


def _served_media_type(published: str) -> str:
    essence = published.split(";", 1)[0].strip().lower()
    return essence if essence in SERVED_AS_PUBLISHED else "application/octet-stream"
