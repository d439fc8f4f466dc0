"""Commands: what a caller asks the membership service to do (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from membership.domain.documents import DocumentKind
from membership.domain.model import Language, OrganisationKind


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: OrganisationKind
    country: str
    website: str | None = None
    languages: list[Language] = field(default_factory=lambda: [Language.EN])


@dataclass(frozen=True)
class PublishDocument:
    kind: DocumentKind
    version: str
    language: Language
    title: str
    published_on: date
    content: bytes
    media_type: str
    filename: str
    published_by: str


@dataclass(frozen=True)
class RecordSignature:
    organisation_id: str
    document_id: str
    signatory_name: str
    signatory_function: str
    signed_on: date
    signed_place: str
    recorded_by: str
    evidence_sha256: str | None = None


@dataclass(frozen=True)
class VerifySignature:
    signature_id: str
    verified_by: str


@dataclass(frozen=True)
class RejectSignature:
    signature_id: str
    rejected_by: str
    reason: str


@dataclass(frozen=True)
class WithdrawSignature:
    signature_id: str
    withdrawn_by: str
    reason: str
    withdrawn_on: date
