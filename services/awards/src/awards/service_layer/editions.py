"""Handlers for editions: create one, move its timeline or ceremony."""

from __future__ import annotations

from datetime import datetime

from contracts import awards as events
from sqlalchemy.exc import IntegrityError

from awards.domain import commands
from awards.domain.editions import CeremonyRef, Edition, Timeline
from awards.domain.errors import EditionExists, NotFoundError
from awards.service_layer.unit_of_work import AwardsUnitOfWork


async def create_edition(cmd: commands.CreateEdition, uow: AwardsUnitOfWork, now: datetime) -> Edition:
    edition = Edition.create(
        name=cmd.name,
        organiser=cmd.organiser,
        timeline=cmd.timeline,
        ceremony=cmd.ceremony,
        quorum=cmd.quorum,
        categories=cmd.categories,
        now=now,
    )
    async with uow:
        existing = await uow.editions.get_by_name(edition.name)
        if existing:
            raise EditionExists(edition.name, existing.id)
        await uow.editions.add(edition)
        t = edition.timeline
        uow.emit(
            events.EditionCreated(
                edition_id=edition.id,
                name=edition.name,
                organiser=edition.organiser,
                nominations_open_at=t.nominations_open_at,
                nominations_close_at=t.nominations_close_at,
                voting_opens_at=t.voting_opens_at,
                voting_closes_at=t.voting_closes_at,
                ceremony=events.CeremonySession(event_id=edition.ceremony.event_id, session_id=edition.ceremony.session_id)
                if edition.ceremony
                else None,
                category_names=[c.name for c in edition.categories],
                created_at=now,
            )
        )
        try:
            await uow.commit()
        except IntegrityError:
            raise EditionExists(edition.name, "created at the same time") from None
    return edition


async def reschedule(edition_id: str, timeline: Timeline, ceremony: CeremonyRef | None, uow: AwardsUnitOfWork) -> Edition:
    async with uow:
        edition = await uow.editions.get(edition_id, lock="update")
        if edition is None:
            raise NotFoundError("edition", edition_id)
        edition.reschedule(timeline, ceremony)
        await uow.editions.save_schedule(edition)
        await uow.commit()
    return edition
