"""Membership's part of the schema: organisations, signatures and the register."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.clients.membership import MAX_PAGE
from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection
from gateway.context import Info
from gateway.errors import NotFound
from gateway.permissions import require_roles
from gateway.types.organisation import (
    Organisation,
    OrganisationConnection,
    OrganisationEdge,
    OrganisationKind,
    RegisterOrganisationInput,
    UpdateOrganisationInput,
)
from gateway.types.signature import Signature, SignatureConnection, SignatureEdge, SignatureStatus


@strawberry.type
class MembershipQuery:
    @strawberry.field(description="Organisations in name order, filtered, one page at a time.")
    async def organisations(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        kind: Annotated[OrganisationKind | None, strawberry.argument(description="Only organisations of this kind.")] = None,
        country: Annotated[str | None, strawberry.argument(description="Only this country (ISO 3166-1 alpha-2).")] = None,
        search: Annotated[str | None, strawberry.argument(description="Only names containing this text, ignoring case.")] = None,
        member: Annotated[
            bool | None, strawberry.argument(description="Only members (true) or only non-members (false); all when omitted.")
        ] = None,
        include_archived: Annotated[
            bool, strawberry.argument(description="Also archived organisations (secretariat and operators only; FORBIDDEN otherwise).")
        ] = False,
    ) -> OrganisationConnection:
        fetch = partial(info.context.membership.list_organisations, kind=kind.value if kind else None, country=country, search=search,
                        member=member, include_archived=include_archived)
        return await build_connection(first, after, fetch, last=last, before=before, edge=OrganisationEdge, node=Organisation.from_upstream,
                                      connection=OrganisationConnection)

    @strawberry.field(description="One organisation by id; a NOT_FOUND error when there is none.")
    async def organisation(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")]
    ) -> Organisation | None:
        organisation = await info.context.loaders.organisation_by_id.load(str(id))
        if organisation is None:
            raise NotFound(f"No organisation has id {str(id)!r}.")
        return organisation

    @strawberry.field(
        description=(
            "Signatures oldest recording first, filtered, one page at a time. The public sees only verified ones; "
            "a member also sees its own organisation's pending ones; the secretariat sees all."
        )
    )
    async def signatures(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        organisation_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this organisation's signatures.")] = None,
        status: Annotated[SignatureStatus | None, strawberry.argument(description="Only signatures with this status.")] = None,
    ) -> SignatureConnection:
        fetch = partial(info.context.membership.list_signatures, organisation_id=str(organisation_id) if organisation_id is not None else None,
                        status=status.value if status else None)
        return await build_connection(first, after, fetch, last=last, before=before, edge=SignatureEdge, node=Signature.from_upstream, connection=SignatureConnection)

    @strawberry.field(description="One signature by id; a NOT_FOUND error when there is none or you may not see it.")
    async def signature(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The signature's id.")]
    ) -> Signature | None:
        return Signature.from_upstream(await info.context.membership.get_signature(str(id)))


@strawberry.type
class MembershipMutation:
    @strawberry.mutation(
        description="Register an organisation (secretariat or operator). CONFLICT with reason ORGANISATION_EXISTS when the name is taken.",
        extensions=[require_roles(Role.SECRETARIAT, Role.OPERATOR)],
    )
    async def register_organisation(
        self, info: Info, input: Annotated[RegisterOrganisationInput, strawberry.argument(description="The organisation.")]
    ) -> Organisation:
        created = await info.context.membership.register_organisation(input.to_upstream())
        return Organisation.from_upstream(created)


    @strawberry.mutation(
        description=(
            "Change an organisation: only the fields given change. The secretariat and operators may change any field; a member only "
            "its own organisation's website, names, languages and contacts (FORBIDDEN otherwise). CONFLICT when it is archived or the "
            "new name is taken; BAD_USER_INPUT names the field."
        ),
        extensions=[require_roles(Role.SECRETARIAT, Role.OPERATOR, Role.MEMBER)],
    )
    async def update_organisation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")],
        input: Annotated[UpdateOrganisationInput, strawberry.argument(description="The changes.")],
    ) -> Organisation:
        return Organisation.from_upstream(await info.context.membership.update_organisation(str(id), input.to_upstream()))

    @strawberry.mutation(
        description="Archive an organisation (secretariat or operator): no longer listed by default, cannot sign. CONFLICT while it has an active signature.",
        extensions=[require_roles(Role.SECRETARIAT, Role.OPERATOR)],
    )
    async def archive_organisation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The organisation's id.")],
        reason: Annotated[str, strawberry.argument(description="Why it is archived; kept in its history.")],
    ) -> Organisation:
        return Organisation.from_upstream(await info.context.membership.archive_organisation(str(id), reason))
