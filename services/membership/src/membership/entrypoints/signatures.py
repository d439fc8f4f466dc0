"""Signatures over HTTP: record, verify, reject, withdraw, and read (see signature_schemas for who sees what)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import CurrentPrincipal, require_roles
from servicekit.pagination import decode_cursor, encode_cursor

from membership.adapters.signature_repository import SignatureFilter, SignatureRepository
from membership.domain import commands
from membership.domain.errors import MembershipError
from membership.domain.signatures import Signature, SignatureStatus
from membership.entrypoints.problems import problem_for
from membership.entrypoints.schemas import PageInfo
from membership.entrypoints.signature_schemas import RejectIn, SignatureIn, SignatureOut, SignaturePage, WithdrawIn
from membership.service_layer import signatures as handlers

router = APIRouter(prefix="/signatures", tags=["signatures"], responses=PROBLEM_RESPONSES)

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


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record a signature (awaits verification by another user)")
async def record_signature(body: SignatureIn, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
    cmd = commands.RecordSignature(**body.model_dump(), recorded_by=principal.subject)
    return await _run(handlers.record_signature, cmd, request, principal)


@router.post("/{signature_id}/verify", summary="Verify a recorded signature (four-eyes: not by its recorder)")
async def verify_signature(signature_id: str, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
    cmd = commands.VerifySignature(signature_id=signature_id, verified_by=principal.subject)
    return await _run(handlers.verify_signature, cmd, request, principal)


@router.post("/{signature_id}/reject", summary="Reject a recorded signature with a reason (four-eyes: not by its recorder)")
async def reject_signature(signature_id: str, body: RejectIn, request: Request, principal: Principal = require_roles(*STAFF)) -> SignatureOut:
    cmd = commands.RejectSignature(signature_id=signature_id, rejected_by=principal.subject, reason=body.reason)
    return await _run(handlers.reject_signature, cmd, request, principal)


@router.post("/{signature_id}/withdraw", summary="Withdraw a verified signature; the organisation may sign again later")
async def withdraw_signature(
    signature_id: str, body: WithdrawIn, request: Request, principal: Principal = require_roles(*STAFF)
) -> SignatureOut:
    cmd = commands.WithdrawSignature(signature_id=signature_id, withdrawn_by=principal.subject, reason=body.reason, withdrawn_on=body.withdrawn_on)
    return await _run(handlers.withdraw_signature, cmd, request, principal)


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


@router.get("", summary="List signatures, oldest recording first (status=recorded is the verification queue)")
async def list_signatures(
    request: Request,
    principal: CurrentPrincipal,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[str | None, Query(description="end_cursor of the previous page")] = None,
    organisation_id: str | None = None,
    status: SignatureStatus | None = None,
) -> SignaturePage:
    visible = _visibility(principal)
    where = SignatureFilter(organisation_id=organisation_id, status=status, public_view=visible.public_view,
                            own_organisation_id=visible.own_organisation_id)
    async with request.app.state.runtime.sessionmaker() as session:
        found, total = await SignatureRepository(session).list(where, limit=first + 1, after=_decode_position(after) if after else None)
    page, more = found[:first], len(found) > first
    end = encode_cursor(*SignatureRepository.cursor_of(page[-1])) if page else None
    return SignaturePage(items=[_out(s, principal) for s in page], page_info=PageInfo(end_cursor=end, has_next_page=more), total_count=total)


@router.get("/{signature_id}", summary="One signature (others than staff and its own member see it only once verified)")
async def get_signature(signature_id: str, request: Request, principal: CurrentPrincipal) -> SignatureOut:
    async with request.app.state.runtime.sessionmaker() as session:
        signature = await SignatureRepository(session).get(signature_id)
    visible = signature is not None and (signature.status is SignatureStatus.VERIFIED or _sees_full_record(principal, signature))
    if not visible:
        raise NotFound("Signature", signature_id)  # not 403: the public must not learn that a pending one exists
    return _out(signature, principal)
