"""Events published by the membership service."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from contracts.registry import IntegrationEvent, event
from contracts.topics import (
    MEMBERSHIP_GROUP,
    MEMBERSHIP_ORGANISATION,
    MEMBERSHIP_PACT_DOCUMENT,
    MEMBERSHIP_SIGNATURE,
    MEMBERSHIP_SUPPORT_LETTER,
)


class OrganisationKind(str, Enum):
    """Procuring and coordinating organisations sign the pact; supporting ones a letter of support."""

    PROCURING = "procuring"
    COORDINATING = "coordinating"
    SUPPORTING = "supporting"


class Language(str, Enum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


class OrganisationSubkind(str, Enum):
    """The finer kind: public or private for procuring participants, the level of government for
    coordinating ones, and what a supporting organisation is."""

    PUBLIC = "public"
    PRIVATE = "private"
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    NGO = "ngo"
    CERTIFICATION_BODY = "certification_body"
    MONITORING_BODY = "monitoring_body"
    KNOWLEDGE_INSTITUTE = "knowledge_institute"
    SUPPLIER = "supplier"
    OTHER = "other"


class Contact(BaseModel):
    """A person the secretariat writes to on the organisation's behalf. Personal data: never public."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    email: str
    language: Language = Field(description="The contact's preferred language.")
    consent_on: date | None = Field(default=None, description="When the contact agreed to be written to.")
    role: str | None = Field(default=None, description='e.g. "pact contact", "procurement officer".')


@event("membership.organisation.registered.v1", topic=MEMBERSHIP_ORGANISATION, aggregate="organisation_id")
class OrganisationRegistered(IntegrationEvent):
    """An organisation was registered with the pact secretariat."""

    organisation_id: str = Field(description="Stable id of the organisation (UUID).")
    name: str
    kind: OrganisationKind
    country: str = Field(description="ISO 3166-1 alpha-2 code.", min_length=2, max_length=2)
    website: str | None = None
    languages: list[Language] = Field(description="Preferred languages, most preferred first.")
    registered_at: datetime
    subkind: OrganisationSubkind | None = None
    names: dict[Language, str] = Field(default_factory=dict, description="The name in each language where known.")
    contacts: list[Contact] = Field(default_factory=list)


@event("membership.organisation.updated.v1", topic=MEMBERSHIP_ORGANISATION, aggregate="organisation_id")
class OrganisationUpdated(IntegrationEvent):
    """The organisation's record changed; the event carries the whole record afterwards (consumers replace their copy)."""

    organisation_id: str
    name: str
    kind: OrganisationKind
    subkind: OrganisationSubkind | None = None
    country: str = Field(min_length=2, max_length=2)
    website: str | None = None
    languages: list[Language]
    names: dict[Language, str] = Field(default_factory=dict)
    contacts: list[Contact] = Field(default_factory=list)
    updated_by: str = Field(description="Token subject of the user who changed it.")
    updated_at: datetime


@event("membership.organisation.archived.v1", topic=MEMBERSHIP_ORGANISATION, aggregate="organisation_id")
class OrganisationArchived(IntegrationEvent):
    """The organisation was archived: it stays in the register's history but is no longer listed or written to."""

    organisation_id: str
    reason: str
    archived_by: str
    archived_at: datetime


class DocumentKind(str, Enum):
    """Participants sign the pact; supporting organisations sign the letter of support."""

    PACT = "pact"
    LETTER_OF_SUPPORT = "letter_of_support"


class SignatureStatus(str, Enum):
    RECORDED = "recorded"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@event("membership.pact_document.published.v1", topic=MEMBERSHIP_PACT_DOCUMENT, aggregate="document_id")
class PactDocumentPublished(IntegrationEvent):
    """A version of the pact text or of the letter of support was published for signing."""

    document_id: str
    kind: DocumentKind
    version: str = Field(description="Version of the text, e.g. 2021-06.")
    language: Language
    title: str
    published_on: date
    sha256: str = Field(description="SHA-256 (hex) of the published file.", min_length=64, max_length=64)
    published_by: str = Field(description="Token subject of the secretariat or operator user.")
    published_at: datetime


class _SignatureEvent(IntegrationEvent):
    """Fields every signature event carries: which signature, for whom, on which document, now in which status."""

    signature_id: str
    organisation_id: str
    document_id: str = Field(description="The exact document version signed.")
    document_kind: DocumentKind
    status: SignatureStatus


@event("membership.signature.recorded.v1", topic=MEMBERSHIP_SIGNATURE, aggregate="signature_id")
class SignatureRecorded(_SignatureEvent):
    """A secretariat or ministry user recorded a signature; it awaits verification by another user."""

    signatory_name: str
    signatory_function: str = Field(description='e.g. "Federal Minister for Sustainable Development".')
    signed_on: date
    signed_place: str
    evidence_sha256: str | None = Field(default=None, description="SHA-256 (hex) of the evidence file, when one was given.")
    recorded_by: str = Field(description="Token subject of the recording user.")
    recorded_at: datetime


@event("membership.signature.verified.v1", topic=MEMBERSHIP_SIGNATURE, aggregate="signature_id")
class SignatureVerified(_SignatureEvent):
    """A second user (four-eyes) verified the signature: the organisation is now a member."""

    verified_by: str
    verified_at: datetime


@event("membership.signature.rejected.v1", topic=MEMBERSHIP_SIGNATURE, aggregate="signature_id")
class SignatureRejected(_SignatureEvent):
    rejected_by: str
    rejected_at: datetime
    reason: str


@event("membership.signature.withdrawn.v1", topic=MEMBERSHIP_SIGNATURE, aggregate="signature_id")
class SignatureWithdrawn(_SignatureEvent):
    """The organisation withdrew a verified signature: it is no longer a member and may sign again."""

    withdrawn_on: date = Field(description="The date the withdrawal took effect.")
    withdrawn_by: str
    withdrawn_at: datetime
    reason: str


class _SupportLetterEvent(IntegrationEvent):
    """Fields every support-letter event carries. A supporting organisation's letter of support has the
    signature's lifecycle and four-eyes rule, on its own topic; awards and notifications count a supporter
    as a member while its letter is verified."""

    support_letter_id: str
    organisation_id: str
    document_id: str = Field(description="The exact version of the letter of support signed.")
    status: SignatureStatus


@event("membership.support_letter.recorded.v1", topic=MEMBERSHIP_SUPPORT_LETTER, aggregate="support_letter_id")
class SupportLetterRecorded(_SupportLetterEvent):
    """The secretariat recorded a supporting organisation's signed letter of support; it awaits verification by another user."""

    signatory_name: str
    signatory_function: str
    signed_on: date
    signed_place: str
    evidence_sha256: str | None = None
    recorded_by: str
    recorded_at: datetime


@event("membership.support_letter.verified.v1", topic=MEMBERSHIP_SUPPORT_LETTER, aggregate="support_letter_id")
class SupportLetterVerified(_SupportLetterEvent):
    """A second user verified the letter: the supporting organisation now counts as a member."""

    verified_by: str
    verified_at: datetime


@event("membership.support_letter.rejected.v1", topic=MEMBERSHIP_SUPPORT_LETTER, aggregate="support_letter_id")
class SupportLetterRejected(_SupportLetterEvent):
    rejected_by: str
    rejected_at: datetime
    reason: str


@event("membership.support_letter.withdrawn.v1", topic=MEMBERSHIP_SUPPORT_LETTER, aggregate="support_letter_id")
class SupportLetterWithdrawn(_SupportLetterEvent):
    """The organisation withdrew its verified letter of support; it may send a new one later."""

    withdrawn_on: date
    withdrawn_by: str
    withdrawn_at: datetime
    reason: str


class GroupKind(str, Enum):
    BUYER_GROUP = "buyer_group"
    WORKING_GROUP = "working_group"
    STEERING_GROUP = "steering_group"


@event("membership.group.created.v1", topic=MEMBERSHIP_GROUP, aggregate="group_id")
class GroupCreated(IntegrationEvent):
    """A buyer group, working group or steering group was set up, coordinated by one organisation."""

    group_id: str
    name: str
    kind: GroupKind
    coordinator_organisation_id: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code for a national group; null for an international one.")
    founded_on: date | None = None
    created_by: str
    created_at: datetime


@event("membership.group.member_added.v1", topic=MEMBERSHIP_GROUP, aggregate="group_id")
class GroupMemberAdded(IntegrationEvent):
    """An organisation or a person joined the group. A person's name is personal data: consumers must not publish it."""

    group_id: str
    membership_id: str = Field(description="Id of this membership (one per join).")
    organisation_id: str | None = Field(default=None, description="Set when an organisation joined.")
    person_name: str | None = Field(default=None, description="Set when a person joined.")
    person_organisation_id: str | None = Field(default=None, description="The organisation the person works for, if known.")
    joined_on: date
    added_by: str
    added_at: datetime


@event("membership.group.member_removed.v1", topic=MEMBERSHIP_GROUP, aggregate="group_id")
class GroupMemberRemoved(IntegrationEvent):
    """A member left the group on ``left_on``."""

    group_id: str
    membership_id: str
    organisation_id: str | None = None
    left_on: date
    removed_by: str
    removed_at: datetime
