"""Command handlers: plain functions of (command, unit of work)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from contracts import membership as events
from membership.domain import commands
from membership.domain.errors import DuplicateOrganisation
from membership.domain.model import Organisation
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def organisation_registered(org: Organisation) -> events.OrganisationRegistered:
    return events.OrganisationRegistered(
        organisation_id=org.id,
        name=org.name,
        kind=events.OrganisationKind(org.kind.value),
        country=org.country,
        website=org.website,
        languages=[events.Language(l.value) for l in org.languages],
        registered_at=org.registered_at,
    )


async def register_organisation(cmd: commands.RegisterOrganisation, uow: MembershipUnitOfWork) -> Organisation:
    org = Organisation.register(name=cmd.name, kind=cmd.kind, country=cmd.country, website=cmd.website, languages=cmd.languages)
    async with uow:
        existing = await uow.organisations.get_by_name(org.name)
        if existing:
            raise DuplicateOrganisation(org.name, existing.id)
        await uow.organisations.add(org)
        uow.emit(organisation_registered(org))
        try:
            await uow.commit()
        except IntegrityError:
            # Lost a race with a concurrent registration of the same name.
            await uow.rollback()
            async with uow:
                existing = await uow.organisations.get_by_name(org.name)
            raise DuplicateOrganisation(org.name, existing.id if existing else "unknown") from None
    return org
