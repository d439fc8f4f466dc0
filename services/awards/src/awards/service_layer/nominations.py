"""Handlers for nominations: submit, screen, shortlist. Membership is read from awards' local copy only."""

from __future__ import annotations

from datetime import datetime

from contracts import awards as events
from sqlalchemy.exc import IntegrityError

from awards.domain import commands
from awards.domain.errors import AlreadyNominated, NotFoundError
from awards.domain.nominations import Nomination, nominate
from awards.service_layer.unit_of_work import AwardsUnitOfWork


def _ids(n: Nomination) -> dict:
    return dict(
        nomination_id=n.id, edition_id=n.edition_id, category_id=n.category_id, nominee_id=n.nominee_id, nominator_id=n.nominator_id
    )


async def submit(cmd: commands.Nominate, uow: AwardsUnitOfWork, now: datetime) -> Nomination:
    async with uow:
        edition = await uow.editions.get(cmd.edition_id)
        if edition is None:
            raise NotFoundError("edition", cmd.edition_id)
        nomination = nominate(
            edition=edition,
            category_id=cmd.category_id,
            nominee=await uow.organisations.get(cmd.nominee_id),
            nominee_id=cmd.nominee_id,
            nominator_id=cmd.nominator_id,
            nominator_is_member=await uow.signatures.is_member(cmd.nominator_id),
            motivation=cmd.motivation,
            links=cmd.links,
            by=cmd.submitted_by,
            now=now,
        )
        existing = await uow.nominations.get_in_category(cmd.category_id, cmd.nominee_id)
        if existing:
            raise AlreadyNominated(existing.id)
        await uow.nominations.add(nomination)
        uow.emit(events.NominationSubmitted(**_ids(nomination), submitted_at=now))
        try:
            await uow.commit()
        except IntegrityError:
            await uow.rollback()
            async with uow:
                existing = await uow.nominations.get_in_category(cmd.category_id, cmd.nominee_id)
            raise AlreadyNominated(existing.id if existing else "submitted at the same time") from None
    return nomination


async def _open_nomination(uow: AwardsUnitOfWork, nomination_id: str) -> Nomination:
    nomination = await uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFoundError("nomination", nomination_id)
    edition = await uow.editions.get(nomination.edition_id, lock="update")
    edition.check_not_closed()
    return nomination


async def screen(cmd: commands.ScreenNomination, uow: AwardsUnitOfWork, now: datetime) -> Nomination:
    async with uow:
        nomination = await _open_nomination(uow, cmd.nomination_id)
        nomination.screen(eligible=cmd.eligible, reason=cmd.reason, by=cmd.screened_by, now=now)
        await uow.nominations.save(nomination)
        uow.emit(events.NominationScreened(**_ids(nomination), eligible=cmd.eligible, reason=nomination.screening_reason, screened_at=now))
        await uow.commit()
    return nomination


async def shortlist(nomination_id: str, uow: AwardsUnitOfWork, now: datetime) -> Nomination:
    async with uow:
        nomination = await _open_nomination(uow, nomination_id)
        already = nomination.shortlisted_at is not None
        nomination.shortlist(now)
        if not already:
            await uow.nominations.save(nomination)
            uow.emit(events.NominationShortlisted(**_ids(nomination), shortlisted_at=now))
            await uow.commit()
    return nomination
