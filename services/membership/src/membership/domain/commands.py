"""Commands: what a caller asks the membership service to do (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from membership.domain.documents import DocumentKind
from membership.domain.contacts import Contact
from membership.domain.model import Language, OrganisationKind, OrganisationSubkind


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: OrganisationKind
    country: str
    website: str | None = None
    languages: list[Language] = field(default_factory=lambda: [Language.EN])
    subkind: OrganisationSubkind | None = None
    names: dict[Language, str] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateOrganisation:
    organisation_id: str
    changes: dict  # field -> new value, only the fields to change
    updated_by: str
    own_organisation_only: str | None = None  # a member: may change only this organisation, and only MEMBER_EDITABLE


@dataclass(frozen=True)
class ArchiveOrganisation:
    organisation_id: str
    archived_by: str
    reason: str


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
    document_kind: DocumentKind | None = None  # when set (e.g. /support-letters), only this kind of document


@dataclass(frozen=True)
class VerifySignature:
    signature_id: str
    verified_by: str
    document_kind: DocumentKind | None = None


@dataclass(frozen=True)
class RejectSignature:
    signature_id: str
    rejected_by: str
    reason: str
    document_kind: DocumentKind | None = None


@dataclass(frozen=True)
class WithdrawSignature:
    signature_id: str
    withdrawn_by: str
    reason: str
    withdrawn_on: date
    document_kind: DocumentKind | None = None


@dataclass(frozen=True)
class CreateGroup:
    name: str
    kind: str
    coordinator_organisation_id: str
    created_by: str
    country: str | None = None
    founded_on: date | None = None
    description: str | None = None


@dataclass(frozen=True)
class AddGroupMember:
    group_id: str
    joined_on: date
    added_by: str
    organisation_id: str | None = None
    person_name: str | None = None
    person_organisation_id: str | None = None
    acting_for_organisation_id: str | None = None  # a member user: allowed only for the group's coordinator


@dataclass(frozen=True)
class RemoveGroupMember:
    group_id: str
    member_id: str
    left_on: date
    removed_by: str
    acting_for_organisation_id: str | None = None


@dataclass(frozen=True)
class RequestErasure:
    email: str
    names: list[str]
    reason: str
    requested_by: str
