"""Signature handlers: record, verify, reject, withdraw; each change emits exactly its event.

One aggregate serves both documents (the table's ``document_kind`` is the discriminator):
a participant's signature of the pact emits ``membership.signature.*``; a supporting
organisation's letter of support emits ``membership.support_letter.*`` on its own topic,
keyed by the same id (its support_letter_id). Lifecycle, four eyes and the one-active
rule are the same for both.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from contracts import IntegrationEvent
from contracts import membership as events
from membership.domain import commands
from membership.domain.documents import DocumentKind
from membership.domain.errors import DocumentNotFound, OrganisationNotFound, SignatureExists, SignatureNotFound, WrongDocument
from membership.domain.signatures import Signature
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def _is_letter(s: Signature) -> bool:
    return s.document_kind is DocumentKind.LETTER_OF_SUPPORT


def _letter_common(s: Signature) -> dict:
    return {"support_letter_id": s.id, "organisation_id": s.organisation_id, "document_id": s.document_id,
            "status": events.SignatureStatus(s.status.value)}


def _common(s: Signature) -> dict:
    return {
        "signature_id": s.id,
        "organisation_id": s.organisation_id,
        "document_id": s.document_id,
        "document_kind": events.DocumentKind(s.document_kind.value),
        "status": events.SignatureStatus(s.status.value),
    }


def signature_recorded(s: Signature) -> IntegrationEvent:
    event, common = (events.SupportLetterRecorded, _letter_common(s)) if _is_letter(s) else (events.SignatureRecorded, _common(s))
    return event(
        **common,
        signatory_name=s.signatory_name,
        signatory_function=s.signatory_function,
        signed_on=s.signed_on,
        signed_place=s.signed_place,
        evidence_sha256=s.evidence_sha256,
        recorded_by=s.recorded_by,
        recorded_at=s.recorded_at,
    )


def signature_verified(s: Signature) -> IntegrationEvent:
    if _is_letter(s):
        return events.SupportLetterVerified(**_letter_common(s), verified_by=s.decided_by, verified_at=s.decided_at)
    return events.SignatureVerified(**_common(s), verified_by=s.decided_by, verified_at=s.decided_at)


def signature_rejected(s: Signature) -> IntegrationEvent:
    event, common = (events.SupportLetterRejected, _letter_common(s)) if _is_letter(s) else (events.SignatureRejected, _common(s))
    return event(**common, rejected_by=s.decided_by, rejected_at=s.decided_at, reason=s.rejection_reason)


def signature_withdrawn(s: Signature) -> IntegrationEvent:
    event, common = (events.SupportLetterWithdrawn, _letter_common(s)) if _is_letter(s) else (events.SignatureWithdrawn, _common(s))
    return event(
        **common, withdrawn_on=s.withdrawn_on, withdrawn_by=s.withdrawn_by, withdrawn_at=s.withdrawn_at, reason=s.withdrawal_reason
    )


async def record_signature(cmd: commands.RecordSignature, uow: MembershipUnitOfWork) -> Signature:
    async with uow:
        organisation = await uow.organisations.get(cmd.organisation_id)
        if organisation is None:
            raise OrganisationNotFound(cmd.organisation_id)
        document = await uow.documents.get(cmd.document_id)
        if document is None:
            raise DocumentNotFound(cmd.document_id)
        if cmd.document_kind and document.kind is not cmd.document_kind:
            raise WrongDocument(f"This records a signature of {cmd.document_kind.label}; {document.describe()} is {document.kind.label}.")
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


async def _change(signature_id: str, uow: MembershipUnitOfWork, change: Callable[[Signature], IntegrationEvent],
                  kind: DocumentKind | None = None) -> Signature:
    """Load, apply one domain transition, save with a version check, emit its event, commit."""
    async with uow:
        signature = await uow.signatures.get(signature_id)
        if signature is None or (kind and signature.document_kind is not kind):
            raise SignatureNotFound(signature_id, "letter of support" if kind is DocumentKind.LETTER_OF_SUPPORT else "signature")
        event = change(signature)
        await uow.signatures.save(signature)
        uow.emit(event)
        await uow.commit()
    return signature


async def verify_signature(cmd: commands.VerifySignature, uow: MembershipUnitOfWork) -> Signature:
    def verify(s: Signature) -> IntegrationEvent:
        s.verify(cmd.verified_by)
        return signature_verified(s)

    return await _change(cmd.signature_id, uow, verify, cmd.document_kind)


async def reject_signature(cmd: commands.RejectSignature, uow: MembershipUnitOfWork) -> Signature:
    def reject(s: Signature) -> IntegrationEvent:
        s.reject(cmd.rejected_by, cmd.reason)
        return signature_rejected(s)

    return await _change(cmd.signature_id, uow, reject, cmd.document_kind)


async def withdraw_signature(cmd: commands.WithdrawSignature, uow: MembershipUnitOfWork) -> Signature:
    def withdraw(s: Signature) -> IntegrationEvent:
        s.withdraw(cmd.withdrawn_by, cmd.reason, cmd.withdrawn_on)
        return signature_withdrawn(s)

    return await _change(cmd.signature_id, uow, withdraw, cmd.document_kind)
