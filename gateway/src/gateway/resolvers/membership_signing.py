"""Membership's signing part of the schema: documents, signatories, a member's own record, the verification queue,
letters of support, and the signature and letter mutations (four eyes: another user verifies)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.clients.membership import MAX_PAGE
from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection, whole_list
from gateway.context import Info
from gateway.permissions import require_roles
from gateway.types.document import PactDocument, PactDocumentConnection, PactDocumentEdge
from gateway.types.member_record import MemberRecord
from gateway.types.organisation import Language, Organisation
from gateway.types.signature import (
    DocumentKind,
    RecordSignatureInput,
    Signatory,
    SignatoryConnection,
    SignatoryEdge,
    Signature,
    SignatureConnection,
    SignatureEdge,
    SignatureStatus,
    SupportLetter,
    SupportLetterConnection,
    SupportLetterEdge,
)

STAFF = (Role.SECRETARIAT, Role.OPERATOR)
IdArg = Annotated[strawberry.ID, strawberry.argument(description="The signature's or letter's id.")]
ReasonArg = Annotated[str, strawberry.argument(description="Why; kept with the record.")]


@strawberry.type
class MembershipSigningQuery:
    @strawberry.field(description="Published versions of the pact and of the letter of support, newest first.")
    async def pact_documents(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        kind: Annotated[DocumentKind | None, strawberry.argument(description="Only this document.")] = None,
        language: Annotated[Language | None, strawberry.argument(description="Only this language.")] = None,
    ) -> PactDocumentConnection:
        async def load() -> list[dict]:
            data = await info.context.membership.list_documents(kind=kind.value if kind else None, language=language.value if language else None)
            return data["items"]

        return await build_connection(first, after, whole_list(load), last=last, before=before,
                                      edge=PactDocumentEdge, node=PactDocument.from_upstream, connection=PactDocumentConnection)

    @strawberry.field(description="Published versions of the pact and of the letter of support, newest first.",
                      deprecation_reason="Use pactDocuments: the same list as a Relay connection.")
    async def documents(
        self,
        info: Info,
        kind: Annotated[DocumentKind | None, strawberry.argument(description="Only this document.")] = None,
        language: Annotated[Language | None, strawberry.argument(description="Only this language.")] = None,
    ) -> list[PactDocument]:
        data = await info.context.membership.list_documents(kind=kind.value if kind else None, language=language.value if language else None)
        return [PactDocument.from_upstream(d) for d in data["items"]]

    @strawberry.field(description="For the public site: organisations whose signature or letter of support is verified and not withdrawn. No personal data.")
    async def signatories(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        document_kind: Annotated[DocumentKind | None, strawberry.argument(description="Only signatories of this document.")] = None,
    ) -> SignatoryConnection:
        fetch = partial(info.context.membership.list_signatures, status="verified", document_kind=document_kind.value if document_kind else None)
        return await build_connection(first, after, fetch, last=last, before=before, edge=SignatoryEdge, node=Signatory.from_upstream, connection=SignatoryConnection)

    @strawberry.field(description="Your organisation's record (member role): the organisation with its contacts and every signature, pending ones included.",
                      extensions=[require_roles(Role.MEMBER)])
    async def my_organisation(self, info: Info) -> MemberRecord:
        organisation_id = info.context.principal.organisation_id
        organisation = await info.context.membership.get_organisation(organisation_id)
        signatures = await info.context.membership.list_signatures(first=MAX_PAGE, organisation_id=organisation_id)
        return MemberRecord(organisation=Organisation.from_upstream(organisation),
                            signatures=[Signature.from_upstream(s) for s in signatures["items"]])

    @strawberry.field(description="Signatures and letters of support awaiting verification, oldest first (secretariat or operator).",
                      extensions=[require_roles(*STAFF)])
    async def verification_queue(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        document_kind: Annotated[DocumentKind | None, strawberry.argument(description="Only this document's signatures.")] = None,
    ) -> SignatureConnection:
        fetch = partial(info.context.membership.list_signatures, status="recorded", document_kind=document_kind.value if document_kind else None)
        return await build_connection(first, after, fetch, last=last, before=before, edge=SignatureEdge, node=Signature.from_upstream, connection=SignatureConnection)

    @strawberry.field(description="Letters of support, oldest recording first. The public sees only verified ones; a member also its own pending ones.")
    async def support_letters(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        organisation_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this organisation's letters.")] = None,
        status: Annotated[SignatureStatus | None, strawberry.argument(description="Only letters with this status.")] = None,
    ) -> SupportLetterConnection:
        fetch = partial(info.context.membership.list_support_letters, organisation_id=str(organisation_id) if organisation_id else None,
                        status=status.value if status else None)
        return await build_connection(first, after, fetch, last=last, before=before, edge=SupportLetterEdge, node=SupportLetter.from_upstream,
                                      connection=SupportLetterConnection)


async def _decide(info: Info, id: strawberry.ID, action: str, body: dict | None = None, *, letter: bool = False):
    data = await info.context.membership.decide_signature(str(id), action, body, letter=letter)
    return (SupportLetter if letter else Signature).from_upstream(data)


@strawberry.type
class MembershipSigningMutation:
    @strawberry.mutation(
        description="Record a participant's signature of the pact (secretariat or operator). CONFLICT when the organisation already has an "
        "active signature; BAD_USER_INPUT for a signing date in the future or before publication, or the wrong document for its kind.",
        extensions=[require_roles(*STAFF)],
    )
    async def record_signature(self, info: Info, input: Annotated[RecordSignatureInput, strawberry.argument(description="The signature.")]) -> Signature:
        return Signature.from_upstream(await info.context.membership.record_signature(input.to_upstream()))

    @strawberry.mutation(description="Verify a recorded signature. FORBIDDEN for the user who recorded it (four eyes).", extensions=[require_roles(*STAFF)])
    async def verify_signature(self, info: Info, id: IdArg) -> Signature:
        return await _decide(info, id, "verify")

    @strawberry.mutation(description="Reject a recorded signature with a reason. FORBIDDEN for the user who recorded it.", extensions=[require_roles(*STAFF)])
    async def reject_signature(self, info: Info, id: IdArg, reason: ReasonArg) -> Signature:
        return await _decide(info, id, "reject", {"reason": reason})

    @strawberry.mutation(description="Withdraw a verified signature; the organisation may sign again later.", extensions=[require_roles(*STAFF)])
    async def withdraw_signature(
        self, info: Info, id: IdArg, reason: ReasonArg,
        withdrawn_on: Annotated[date, strawberry.argument(description="The day the withdrawal took effect.")],
    ) -> Signature:
        return await _decide(info, id, "withdraw", {"reason": reason, "withdrawn_on": withdrawn_on.isoformat()})

    @strawberry.mutation(
        description="Record a supporting organisation's letter of support against the letter_of_support document (secretariat or operator). "
        "Same rules as a signature; emits membership.support_letter events.",
        extensions=[require_roles(*STAFF)],
    )
    async def record_support_letter(
        self, info: Info, input: Annotated[RecordSignatureInput, strawberry.argument(description="The letter's signature.")]
    ) -> SupportLetter:
        return SupportLetter.from_upstream(await info.context.membership.record_signature(input.to_upstream(), letter=True))

    @strawberry.mutation(description="Verify a recorded letter of support. FORBIDDEN for the user who recorded it.", extensions=[require_roles(*STAFF)])
    async def verify_support_letter(self, info: Info, id: IdArg) -> SupportLetter:
        return await _decide(info, id, "verify", letter=True)

    @strawberry.mutation(description="Reject a recorded letter of support with a reason.", extensions=[require_roles(*STAFF)])
    async def reject_support_letter(self, info: Info, id: IdArg, reason: ReasonArg) -> SupportLetter:
        return await _decide(info, id, "reject", {"reason": reason}, letter=True)

    @strawberry.mutation(description="Withdraw a verified letter of support.", extensions=[require_roles(*STAFF)])
    async def withdraw_support_letter(
        self, info: Info, id: IdArg, reason: ReasonArg,
        withdrawn_on: Annotated[date, strawberry.argument(description="The day the withdrawal took effect.")],
    ) -> SupportLetter:
        return await _decide(info, id, "withdraw", {"reason": reason, "withdrawn_on": withdrawn_on.isoformat()}, letter=True)
