"""Signature handlers: record, verify, reject, withdraw; each change emits exactly its event."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from contracts import IntegrationEvent
from contracts import membership as events
from membership.domain import commands
from membership.domain.errors import DocumentNotFound, OrganisationNotFound, SignatureExists, SignatureNotFound
from membership.domain.signatures import Signature
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def _common(s: Signature) -> dict:
    return {
        "signature_id": s.id,
        "organisation_id": s.organisation_id,
        "document_id": s.document_id,
        "document_kind": events.DocumentKind(s.document_kind.value),
        "status": events.SignatureStatus(s.status.value),
    }


def signature_recorded(s: Signature) -> events.SignatureRecorded:
    return events.SignatureRecorded(
        **_common(s),
        signatory_name=s.signatory_name,
        signatory_function=s.signatory_function,
        signed_on=s.signed_on,
        signed_place=s.signed_place,
        evidence_sha256=s.evidence_sha256,
        recorded_by=s.recorded_by,
        recorded_at=s.recorded_at,
    )


def signature_verified(s: Signature) -> events.SignatureVerified:
    return events.SignatureVerified(**_common(s), verified_by=s.decided_by, verified_at=s.decided_at)


def signature_rejected(s: Signature) -> events.SignatureRejected:
    return events.SignatureRejected(**_common(s), rejected_by=s.decided_by, rejected_at=s.decided_at, reason=s.rejection_reason)


def signature_withdrawn(s: Signature) -> events.SignatureWithdrawn:
    return events.SignatureWithdrawn(
        **_common(s), withdrawn_on=s.withdrawn_on, withdrawn_by=s.withdrawn_by, withdrawn_at=s.withdrawn_at, reason=s.withdrawal_reason
    )


async def record_signature(cmd: commands.RecordSignature, uow: MembershipUnitOfWork) -> Signature:
    async with uow:
        organisation = await uow.organisations.get(cmd.organisation_id)
        if organisation is None:
            raise OrganisationNotFound(cmd.organisation_id)
        document = await uow.documents.get(cmd.document_id)
        if document is None:
            raise DocumentNotFound(cmd.document_id)
        signature = Signature.record(
            organisation=organisation,
            document=document,
            signatory_name=cmd.signatory_name,
            signatory_function=cmd.signatory_function,
            signed_on=cmd.signed_on,
            signed_place=cmd.signed_place,
            evidence_sha256=cmd.evidence_sha256,
            recorded_by=cmd.recorded_by,
        )
        active = await uow.signatures.active_for(organisation.id)
        if active:
            raise SignatureExists(organisation.id, active.id)
        try:
            await uow.signatures.add(signature)
            uow.emit(signature_recorded(signature))
            await uow.commit()
        except IntegrityError:
            # A concurrent recording for the same organisation committed first: the partial
            # unique index on active signatures refused this one.
            await uow.rollback()
            raise SignatureExists(organisation.id, None) from None
    return signature


async def _change(signature_id: str, uow: MembershipUnitOfWork, change: Callable[[Signature], IntegrationEvent]) -> Signature:
    """Load, apply one domain transition, save with a version check, emit its event, commit."""
    async with uow:
        signature = await uow.signatures.get(signature_id)
        if signature is None:
            raise SignatureNotFound(signature_id)
        event = change(signature)
        await uow.signatures.save(signature)
        uow.emit(event)
        await uow.commit()
    return signature


async def verify_signature(cmd: commands.VerifySignature, uow: MembershipUnitOfWork) -> Signature:
    def verify(s: Signature) -> IntegrationEvent:
        s.verify(cmd.verified_by)
        return signature_verified(s)

    return await _change(cmd.signature_id, uow, verify)


async def reject_signature(cmd: commands.RejectSignature, uow: MembershipUnitOfWork) -> Signature:
    def reject(s: Signature) -> IntegrationEvent:
        s.reject(cmd.rejected_by, cmd.reason)
        return signature_rejected(s)

    return await _change(cmd.signature_id, uow, reject)


async def withdraw_signature(cmd: commands.WithdrawSignature, uow: MembershipUnitOfWork) -> Signature:
    def withdraw(s: Signature) -> IntegrationEvent:
        s.withdraw(cmd.withdrawn_by, cmd.reason, cmd.withdrawn_on)
        return signature_withdrawn(s)

    return await _change(cmd.signature_id, uow, withdraw)
