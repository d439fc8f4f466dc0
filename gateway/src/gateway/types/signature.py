"""Signatures of the pact's documents as the schema shows them, and how they map to membership's API.

Membership decides who sees what from the forwarded token: the public sees only verified
signatures, and the fields naming platform users or the evidence are null for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.types.organisation import Organisation
from gateway.types.pagination import PageInfo
from gateway.node import each_or_none


@strawberry.enum(description="Which document a signature is on.")
class DocumentKind(Enum):
    PACT = strawberry.enum_value("pact", description="The pact itself, signed by participants (procuring and coordinating organisations).")
    LETTER_OF_SUPPORT = strawberry.enum_value("letter_of_support", description="The letter of support, signed by supporting organisations.")


@strawberry.enum(description="Where a signature stands in its life: recorded, then verified or rejected by another user; a verified one may be withdrawn.")
class SignatureStatus(Enum):
    RECORDED = strawberry.enum_value("recorded", description="Recorded by the secretariat; awaits verification by another user.")
    VERIFIED = strawberry.enum_value("verified", description="Verified by a second user; the organisation is a member while it stands.")
    REJECTED = strawberry.enum_value("rejected", description="Rejected by a second user, with a reason.")
    WITHDRAWN = strawberry.enum_value("withdrawn", description="Was verified, then withdrawn; the organisation may sign again later.")


@strawberry.type(
    description=(
        "An organisation's signature of a version of the pact or of the letter of support. "
        "The public sees only verified signatures; members also see their own organisation's pending ones."
    )
)
class Signature(relay.Node):
    id: relay.NodeID[str]
    document_id: strawberry.ID = strawberry.field(description="Id of the exact document version signed.")
    document_kind: DocumentKind = strawberry.field(description="Which document was signed: the pact or the letter of support.")
    status: SignatureStatus = strawberry.field(description="Where the signature stands.")
    signatory_name: str = strawberry.field(description="Name of the person who signed for the organisation.")
    signatory_function: str = strawberry.field(description="Function of the person who signed, e.g. Director.")
    signed_on: date = strawberry.field(description="The day it was signed.")
    signed_place: str = strawberry.field(description="Where it was signed.")
    recorded_at: datetime = strawberry.field(description="When it was recorded on the platform (UTC).")
    decided_at: datetime | None = strawberry.field(description="When it was verified or rejected (UTC); null while pending.")
    rejection_reason: str | None = strawberry.field(description="Why it was rejected; null unless rejected.")
    withdrawn_on: date | None = strawberry.field(description="The day it was withdrawn; null unless withdrawn.")
    withdrawn_at: datetime | None = strawberry.field(description="When the withdrawal was recorded (UTC); null unless withdrawn.")
    withdrawal_reason: str | None = strawberry.field(description="Why it was withdrawn; null unless withdrawn.")
    evidence_sha256: str | None = strawberry.field(
        description="SHA-256 (hex) of the evidence file; null when none was given or you may not see the full record."
    )
    recorded_by: str | None = strawberry.field(description="Who recorded it (token subject); null unless you may see the full record.")
    decided_by: str | None = strawberry.field(
        description="Who verified or rejected it (token subject); null while pending or unless you may see the full record."
    )
    withdrawn_by: str | None = strawberry.field(
        description="Who recorded the withdrawal (token subject); null unless withdrawn and you may see the full record."
    )
    organisation_id: strawberry.Private[str]

    @strawberry.field(description="The organisation that signed.")
    async def organisation(self, info: Info) -> Organisation:
        organisation = await info.context.loaders.organisation_by_id.load(self.organisation_id)
        if organisation is None:  # membership keeps a signature's organisation; this would be its bug
            raise LookupError(f"Signature {self.id} names an unknown organisation.")
        return organisation

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Signature | None]:
        """``node(id)``: fetched from the service one by one (it has no batch read for them)."""

        async def fetch(node_id: str) -> Signature:
            return cls.from_upstream(await info.context.membership.get_signature(node_id))

        return await each_or_none(node_ids, fetch)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Signature:
        def when(key: str) -> datetime | None:
            return datetime.fromisoformat(data[key]) if data.get(key) else None

        def day(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            id=data["id"],
            organisation_id=data["organisation_id"],
            document_id=strawberry.ID(data["document_id"]),
            document_kind=DocumentKind(data["document_kind"]),
            status=SignatureStatus(data["status"]),
            signatory_name=data["signatory_name"],
            signatory_function=data["signatory_function"],
            signed_on=date.fromisoformat(data["signed_on"]),
            signed_place=data["signed_place"],
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
            decided_at=when("decided_at"),
            rejection_reason=data.get("rejection_reason"),
            withdrawn_on=day("withdrawn_on"),
            withdrawn_at=when("withdrawn_at"),
            withdrawal_reason=data.get("withdrawal_reason"),
            evidence_sha256=data.get("evidence_sha256"),
            recorded_by=data.get("recorded_by"),
            decided_by=data.get("decided_by"),
            withdrawn_by=data.get("withdrawn_by"),
        )


@strawberry.type(description="A signature in a page of signatures, with the cursor that points just after it.")
class SignatureEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this signature.")
    node: Signature = strawberry.field(description="The signature.")


@strawberry.type(description="A page of signatures, oldest recording first (Relay connection).")
class SignatureConnection:
    edges: list[SignatureEdge] = strawberry.field(description="The signatures of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many signatures you may see match the filters, over all pages.")

    @strawberry.field(description="The signatures of this page, without cursors.")
    def nodes(self) -> list[Signature]:
        return [edge.node for edge in self.edges]


@strawberry.type(
    description=(
        "A supporting organisation's signed letter of support: the signature's lifecycle and four-eyes rule, "
        "its own events (membership.support_letter.*). The public sees only verified ones."
    )
)
class SupportLetter(Signature):
    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[SupportLetter | None]:
        """``node(id)``: fetched from membership one by one."""

        async def fetch(node_id: str) -> SupportLetter:
            return cls.from_upstream(await info.context.membership.get_support_letter(node_id))

        return await each_or_none(node_ids, fetch)


@strawberry.type(description="A letter of support in a page, with the cursor that points just after it.")
class SupportLetterEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this letter.")
    node: SupportLetter = strawberry.field(description="The letter of support.")


@strawberry.type(description="A page of letters of support, oldest recording first (Relay connection).")
class SupportLetterConnection:
    edges: list[SupportLetterEdge] = strawberry.field(description="The letters of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many letters you may see match the filters, over all pages.")

    @strawberry.field(description="The letters of this page, without cursors.")
    def nodes(self) -> list[SupportLetter]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="A signatory for the public site: an organisation whose signature or letter is verified and not withdrawn. No personal data.")
class Signatory:
    document_kind: DocumentKind = strawberry.field(description="The pact (participants) or the letter of support (supporters).")
    signed_on: date = strawberry.field(description="The day it signed.")
    signed_place: str = strawberry.field(description="Where it signed.")
    organisation_id: strawberry.Private[str]

    @strawberry.field(description="The organisation that signed.")
    async def organisation(self, info: Info) -> Organisation | None:
        return await info.context.loaders.organisation_by_id.load(self.organisation_id)

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Signatory:
        return cls(document_kind=DocumentKind(data["document_kind"]), signed_on=date.fromisoformat(data["signed_on"]),
                   signed_place=data["signed_place"], organisation_id=data["organisation_id"])


@strawberry.type(description="A signatory in a page, with the cursor that points just after it.")
class SignatoryEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this signatory.")
    node: Signatory = strawberry.field(description="The signatory.")


@strawberry.type(description="A page of signatories, oldest recording first (Relay connection).")
class SignatoryConnection:
    edges: list[SignatoryEdge] = strawberry.field(description="The signatories of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many signatories there are, over all pages.")

    @strawberry.field(description="The signatories of this page, without cursors.")
    def nodes(self) -> list[Signatory]:
        return [edge.node for edge in self.edges]


@strawberry.input(description="A signature to record (secretariat or operator); another user must verify it.")
class RecordSignatureInput:
    organisation_id: strawberry.ID = strawberry.field(description="The organisation that signed.")
    document_id: strawberry.ID = strawberry.field(description="The exact document version signed.")
    signatory_name: str = strawberry.field(description="Name of the person who signed for the organisation.")
    signatory_function: str = strawberry.field(description="Their function, e.g. Director.")
    signed_on: date = strawberry.field(description="The day it was signed; not in the future nor before the document's publication.")
    signed_place: str = strawberry.field(description="Where it was signed.")
    evidence_sha256: str | None = strawberry.field(default=None, description="SHA-256 (hex) of the evidence file, when there is one.")

    def to_upstream(self) -> dict[str, Any]:
        return {"organisation_id": str(self.organisation_id), "document_id": str(self.document_id), "signatory_name": self.signatory_name,
                "signatory_function": self.signatory_function, "signed_on": self.signed_on.isoformat(), "signed_place": self.signed_place,
                "evidence_sha256": self.evidence_sha256}
