"""The signature aggregate: recorded, then verified or rejected by a second user, later withdrawn.

Membership is derived from it: an organisation is a member while it has a
verified signature (a withdrawn one has left the ``verified`` status).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum

from membership.domain.documents import DocumentKind, PactDocument, check_sha256
from membership.domain.errors import (
    FourEyesViolation,
    InvalidSignature,
    InvalidSigningDate,
    InvalidTransition,
    InvalidWithdrawalDate,
    OrganisationIsArchived,
    WrongDocument,
)
from membership.domain.model import Organisation, OrganisationKind

TEXT_MAX = 300
REASON_MAX = 2000


class SignatureStatus(str, Enum):
    RECORDED = "recorded"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


# Statuses that block a new signature for the same organisation (the database enforces it too).
ACTIVE_STATUSES = (SignatureStatus.RECORDED, SignatureStatus.VERIFIED)


def latest_possible_today(now: datetime) -> date:
    """Today's date somewhere on Earth: a signing in Auckland must not be 'in the future' for a UTC clock."""
    return (now.astimezone(UTC) + timedelta(hours=14)).date()


def _check_text(value: str, field: str, max_length: int = TEXT_MAX) -> str:
    value = " ".join(value.split())
    if not value or len(value) > max_length:
        raise InvalidSignature(field, f"{field} must be 1 to {max_length} characters.")
    return value


def check_document_fits(org: Organisation, document: PactDocument) -> None:
    required = DocumentKind(org.signs)
    if document.kind is not required:
        kind = {OrganisationKind.PROCURING: "A procuring organisation", OrganisationKind.COORDINATING: "A coordinating organisation"}.get(
            org.kind, "A supporting organisation"
        )
        raise WrongDocument(
            f"{kind} signs {required.label}, not {document.kind.label}: {org.name} must sign a {required.value} document."
        )


def check_signing_date(signed_on: date, document: PactDocument, now: datetime) -> None:
    if signed_on > latest_possible_today(now):
        raise InvalidSigningDate(f"The signing date {signed_on.isoformat()} is in the future.")
    if signed_on < document.published_on:
        raise InvalidSigningDate(
            f"The signing date {signed_on.isoformat()} is before {document.describe()} was published "
            f"on {document.published_on.isoformat()}."
        )


@dataclass
class Signature:
    id: str
    organisation_id: str
    document_id: str
    document_kind: DocumentKind
    signatory_name: str
    signatory_function: str
    signed_on: date
    signed_place: str
    evidence_sha256: str | None
    recorded_by: str
    recorded_at: datetime
    status: SignatureStatus = SignatureStatus.RECORDED
    decided_by: str | None = None  # who verified or rejected it
    decided_at: datetime | None = None
    rejection_reason: str | None = None
    withdrawn_on: date | None = None
    withdrawn_by: str | None = None
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    version: int = field(default=1)

    @classmethod
    def record(
        cls,
        *,
        organisation: Organisation,
        document: PactDocument,
        signatory_name: str,
        signatory_function: str,
        signed_on: date,
        signed_place: str,
        evidence_sha256: str | None,
        recorded_by: str,
        now: datetime | None = None,
    ) -> "Signature":
        now = now or datetime.now(UTC)
        if organisation.archived:
            raise OrganisationIsArchived(organisation.name)
        check_document_fits(organisation, document)
        check_signing_date(signed_on, document, now)
        return cls(
            id=str(uuid.uuid4()),
            organisation_id=organisation.id,
            document_id=document.id,
            document_kind=document.kind,
            signatory_name=_check_text(signatory_name, "signatory_name"),
            signatory_function=_check_text(signatory_function, "signatory_function"),
            signed_on=signed_on,
            signed_place=_check_text(signed_place, "signed_place"),
            evidence_sha256=check_sha256(evidence_sha256, "evidence_sha256", InvalidSignature) if evidence_sha256 else None,
            recorded_by=recorded_by,
            recorded_at=now,
        )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def verify(self, by: str, now: datetime | None = None) -> None:
        self._decide(by, "verify", "verified")
        self.status = SignatureStatus.VERIFIED
        self.decided_by, self.decided_at = by, now or datetime.now(UTC)

    def reject(self, by: str, reason: str, now: datetime | None = None) -> None:
        reason = _check_text(reason, "reason", REASON_MAX)
        self._decide(by, "reject", "rejected")
        self.status = SignatureStatus.REJECTED
        self.decided_by, self.decided_at, self.rejection_reason = by, now or datetime.now(UTC), reason

    def withdraw(self, by: str, reason: str, withdrawn_on: date, now: datetime | None = None) -> None:
        reason = _check_text(reason, "reason", REASON_MAX)
        now = now or datetime.now(UTC)
        self._require(SignatureStatus.VERIFIED, "withdrawn")
        if withdrawn_on > latest_possible_today(now):
            raise InvalidWithdrawalDate(f"The withdrawal date {withdrawn_on.isoformat()} is in the future.")
        if withdrawn_on < self.signed_on:
            raise InvalidWithdrawalDate(
                f"The withdrawal date {withdrawn_on.isoformat()} is before the signing date {self.signed_on.isoformat()}."
            )
        self.status = SignatureStatus.WITHDRAWN
        self.withdrawn_on, self.withdrawn_by, self.withdrawn_at, self.withdrawal_reason = withdrawn_on, by, now, reason

    def _decide(self, by: str, action: str, done: str) -> None:
        self._require(SignatureStatus.RECORDED, done)
        # Four-eyes: a second person confirms what the first one recorded.
        if by == self.recorded_by:
            raise FourEyesViolation(
                f"You recorded this signature, so you may not {action} it: another secretariat user must (four-eyes principle)."
            )

    def _require(self, status: SignatureStatus, done: str) -> None:
        if self.status is not status:
            raise InvalidTransition(f"This signature is {self.status.value}; only a {status.value} signature can be {done}.")
