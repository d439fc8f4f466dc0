"""Signatures and letters of support over HTTP: record, verify, reject, withdraw, and read.

One router factory serves both: ``/signatures`` (every signature, pact or letter, as before)
and ``/support-letters`` (only letters of support, against the letter_of_support document).
See signature_schemas for who sees what.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.inputs import Key
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from membership.adapters.signature_repository import SignatureFilter, SignatureRepository
from membership.domain import commands
from membership.domain.documents import DocumentKind
from membership.domain.errors import MembershipError
from membership.domain.signatures import Signature, SignatureStatus
from membership.entrypoints.problems import problem_for
from membership.entrypoints.schemas import PageInfo
from membership.entrypoints.signature_schemas import RejectIn, SignatureIn, SignatureOut, SignaturePage, WithdrawIn
from membership.service_layer import signatures as handlers

STAFF = (Role.SECRETARIAT, Role.OPERATOR)
_RESTRICTED_FIELDS = ("evidence_sha256", "recorded_by", "decided_by", "withdrawn_by")


def _sees_full_record(principal: Principal, signature: Signature) -> bool:
    if principal.role in STAFF:
        return True
    return principal.role is Role.MEMBER and principal.organisation_id == signature.organisation_id


def _out(signature: Signature, principal: Principal) -> SignatureOut:
    fields = {k: getattr(signature, k) for k in SignatureOut.model_fields}
    if not _sees_full_record(principal, signature):
        fields.update(dict.fromkeys(_RESTRICTED_FIELDS))
    return SignatureOut(**fields)


async def _run(handler, cmd, request: Request, principal: Principal) -> SignatureOut:
    try:
        signature = await handler(cmd, request.app.state.runtime.uow())
    except MembershipError as exc:
        raise problem_for(exc) from None
    return _out(signature, principal)


def _visibility(principal: Principal) -> SignatureFilter:
    if principal.role in STAFF:
        return SignatureFilter()
    return SignatureFilter(public_view=True, own_organisation_id=principal.organisation_id if principal.role is Role.MEMBER else None)


def _decode_position(after: str) -> tuple[datetime, str]:
    recorded_at, last_id = decode_cursor(after, size=2)
    try:
        return datetime.fromisoformat(recorded_at), last_id
    except ValueError:
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid cursor", "The cursor is not one this API gave out; start again without it.",
                           [FieldError(field="after", message="not a cursor from this API", type="cursor")]) from None


def _build_router(prefix: str, noun: str, kind: DocumentKind | None) -> APIRouter:
    """The routes for one view; ``kind`` None serves every signature, otherwise only that document's."""
    router = APIRouter(prefix=prefix, tags=[f"{noun}s"], responses=PROBLEM_RESPONSES)
    what = "letter of support" if kind is DocumentKind.LETTER_OF_SUPPORT else "signature"

    @router.post("", status_code=status.HTTP_201_CREATED, summary=f"Record a {noun} (awaits verification by another user)")
    async def record(body: SignatureIn, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
        cmd = commands.RecordSignature(**body.model_dump(), recorded_by=principal.subject, document_kind=kind)
        return await _run(handlers.record_signature, cmd, request, principal)

    @router.post("/{signature_id}/verify", summary=f"Verify a recorded {noun} (four-eyes: not by its recorder)")
    async def verify(signature_id: str, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
        cmd = commands.VerifySignature(signature_id=signature_id, verified_by=principal.subject, document_kind=kind)
        return await _run(handlers.verify_signature, cmd, request, principal)

    @router.post("/{signature_id}/reject", summary=f"Reject a recorded {noun} with a reason (four-eyes: not by its recorder)")
    async def reject(signature_id: str, body: RejectIn, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
        cmd = commands.RejectSignature(signature_id=signature_id, rejected_by=principal.subject, reason=body.reason, document_kind=kind)
        return await _run(handlers.reject_signature, cmd, request, principal)

    @router.post("/{signature_id}/withdraw", summary=f"Withdraw a verified {noun}; the organisation may sign again later")
    async def withdraw(signature_id: str, body: WithdrawIn, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
        cmd = commands.WithdrawSignature(signature_id=signature_id, withdrawn_by=principal.subject, reason=body.reason,
                                         withdrawn_on=body.withdrawn_on, document_kind=kind)
        return await _run(handlers.withdraw_signature, cmd, request, principal)

    @router.get("", summary=f"List {noun}s, oldest recording first (status=recorded is the verification queue)")
    async def list_(
        request: Request,
        principal: CurrentPrincipal,
        first: Annotated[int, Query(ge=1, le=200)] = 50,
        after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
        organisation_id: Key | None = None,
        status: SignatureStatus | None = None,
        document_kind: Annotated[DocumentKind | None, Query(description="Only signatures of this document")] = None,
    ) -> SignaturePage:
        visible = _visibility(principal)
        where = SignatureFilter(organisation_id=organisation_id, status=status, document_kind=kind or document_kind,
                                public_view=visible.public_view, own_organisation_id=visible.own_organisation_id)
        async with request.app.state.runtime.sessionmaker() as session:
            found, total = await SignatureRepository(session).list(where, limit=first + 1, after=_decode_position(after) if after else None)
        page, more = found[:first], len(found) > first
        end = encode_cursor(*SignatureRepository.cursor_of(page[-1])) if page else None
        return SignaturePage(items=[_out(s, principal) for s in page], page_info=PageInfo(end_cursor=end, has_next_page=more),
                             total_count=total)

    @router.get("/{signature_id}", summary=f"One {noun} (others than staff and its own member see it only once verified)")
    async def get(signature_id: str, request: Request, principal: CurrentPrincipal) -> SignatureOut:
        async with request.app.state.runtime.sessionmaker() as session:
            signature = await SignatureRepository(session).get(signature_id)
        visible = signature is not None and (signature.status is SignatureStatus.VERIFIED or _sees_full_record(principal, signature))
        if not visible or (kind and signature.document_kind is not kind):
            raise NotFound(what.capitalize(), signature_id)  # not 403: the public must not learn that a pending one exists
        return _out(signature, principal)

    return router


router = _build_router("/signatures", "signature", None)
support_letters_router = _build_router("/support-letters", "letter of support", DocumentKind.LETTER_OF_SUPPORT)
