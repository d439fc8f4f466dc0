"""Organisation handlers: plain functions of (command, unit of work); each change emits exactly its event."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from contracts import membership as events
from membership.domain import commands
from membership.domain.errors import DuplicateOrganisation, InvalidTransition, NotAllowed, OrganisationNotFound
from membership.domain.model import MEMBER_EDITABLE, Organisation
from membership.service_layer.unit_of_work import MembershipUnitOfWork


def _record(org: Organisation) -> dict:
    """The organisation's whole record as the contracts carry it."""
    return {
        "organisation_id": org.id,
        "name": org.name,
        "kind": events.OrganisationKind(org.kind.value),
        "subkind": events.OrganisationSubkind(org.subkind.value) if org.subkind else None,
        "country": org.country,
        "website": org.website,
        "languages": [events.Language(l.value) for l in org.languages],
        "names": {events.Language(l.value): n for l, n in org.names.items()},
        "contacts": [events.Contact(**c.as_dict()) for c in org.contacts],
    }


def organisation_registered(org: Organisation) -> events.OrganisationRegistered:
    return events.OrganisationRegistered(**_record(org), registered_at=org.registered_at)


def organisation_updated(org: Organisation) -> events.OrganisationUpdated:
    return events.OrganisationUpdated(**_record(org), updated_by=org.updated_by, updated_at=org.updated_at)


def organisation_archived(org: Organisation) -> events.OrganisationArchived:
    return events.OrganisationArchived(organisation_id=org.id, reason=org.archive_reason, archived_by=org.archived_by,
                                       archived_at=org.archived_at)


async def _name_taken(uow: MembershipUnitOfWork, name: str) -> DuplicateOrganisation:
    await uow.rollback()
    async with uow:
        existing = await uow.organisations.get_by_name(name)
    return DuplicateOrganisation(name, existing.id if existing else "unknown")


async def register_organisation(cmd: commands.RegisterOrganisation, uow: MembershipUnitOfWork) -> Organisation:
    org = Organisation.register(name=cmd.name, kind=cmd.kind, country=cmd.country, website=cmd.website, languages=cmd.languages,
                                subkind=cmd.subkind, names=cmd.names, contacts=cmd.contacts)
    async with uow:
        existing = await uow.organisations.get_by_name(org.name)
        if existing:
            raise DuplicateOrganisation(org.name, existing.id)
        try:
            await uow.organisations.add(org)
            uow.emit(organisation_registered(org))
            await uow.commit()
        except IntegrityError:
            # Lost a race with a concurrent registration of the same name.
            raise await _name_taken(uow, org.name) from None
    return org


def _check_member_may(cmd: commands.UpdateOrganisation) -> None:
    if cmd.own_organisation_only is None:
        return
    if cmd.own_organisation_only != cmd.organisation_id:
        raise NotAllowed("A member may change only its own organisation.")
    others = sorted(set(cmd.changes) - MEMBER_EDITABLE)
    if others:
        raise NotAllowed(f"A member may change only {', '.join(sorted(MEMBER_EDITABLE))}; ask the secretariat to change {', '.join(others)}.")


async def update_organisation(cmd: commands.UpdateOrganisation, uow: MembershipUnitOfWork) -> Organisation:
    _check_member_may(cmd)
    async with uow:
        org = await uow.organisations.get(cmd.organisation_id)
        if org is None:
            raise OrganisationNotFound(cmd.organisation_id)
        org.update(cmd.changes, cmd.updated_by)
        existing = await uow.organisations.get_by_name(org.name)
        if existing and existing.id != org.id:
            raise DuplicateOrganisation(org.name, existing.id)
        try:
            await uow.organisations.save(org)
            uow.emit(organisation_updated(org))
            await uow.commit()
        except IntegrityError:
            raise await _name_taken(uow, org.name) from None
    return org


async def archive_organisation(cmd: commands.ArchiveOrganisation, uow: MembershipUnitOfWork) -> Organisation:
    async with uow:
        org = await uow.organisations.get(cmd.organisation_id)
        if org is None:
            raise OrganisationNotFound(cmd.organisation_id)
        active = await uow.signatures.active_for(org.id)
        if active:
            raise InvalidTransition(f"{org.name} has an active signature ({active.id}); withdraw or reject it before archiving.")
        org.archive(cmd.archived_by, cmd.reason, datetime.now(UTC))
        await uow.organisations.save(org)
        uow.emit(organisation_archived(org))
        await uow.commit()
    return org
