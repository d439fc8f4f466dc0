"""Handlers for the jury: invite, accept, declare a conflict of interest."""

from __future__ import annotations

from datetime import datetime

from contracts import awards as events
from sqlalchemy.exc import IntegrityError

from awards.domain import commands
from awards.domain.errors import Invalid, JurorExists, NotFoundError, NotYourJuror, VotingClosed
from awards.domain.jury import ConflictDeclaration, Juror, JurorStatus, check_standing
from awards.service_layer.unit_of_work import AwardsUnitOfWork


async def invite(cmd: commands.InviteJuror, uow: AwardsUnitOfWork, now: datetime) -> Juror:
    async with uow:
        edition = await uow.editions.get(cmd.edition_id, lock="update")
        if edition is None:
            raise NotFoundError("edition", cmd.edition_id)
        edition.check_not_closed()
        juror = Juror.invite(
            edition_id=edition.id, name=cmd.name, email=cmd.email, language=cmd.language, organisation_id=cmd.organisation_id, now=now
        )
        existing = await uow.jury.get_by_email(edition.id, juror.email)
        if existing:
            raise JurorExists(existing.id)
        await uow.jury.add(juror)
        uow.emit(
            events.JurorInvited(
                juror_id=juror.id,
                edition_id=edition.id,
                edition_name=edition.name,
                name=juror.name,
                email=juror.email,
                language=juror.language,
                invited_at=now,
            )
        )
        try:
            await uow.commit()
        except IntegrityError:
            raise JurorExists("invited at the same time") from None
    return juror


async def own_juror(uow: AwardsUnitOfWork, juror_id: str, token_juror_id: str | None) -> Juror:
    """The juror a juror token is bound to; anyone else's id is refused."""
    if token_juror_id != juror_id:
        raise NotYourJuror("A juror token acts only for the juror it names.")
    return check_standing(juror_id, await uow.jury.get(juror_id))


async def remove(juror_id: str, reason: str, by: str, uow: AwardsUnitOfWork, now: datetime) -> Juror:
    """Take a juror off the jury until voting closes (after that the jury is final). No event: no contract announces it."""
    async with uow:
        juror = await uow.jury.get(juror_id)
        if juror is None:
            raise NotFoundError("juror", juror_id)
        edition = await uow.editions.get(juror.edition_id, lock="update")  # closing waits for this removal, or it for closing
        edition.check_not_closed()
        if edition.phase(now) in ("voting_closed", "published"):
            raise VotingClosed(f"Voting for {edition.name} has ended; the jury is final and its ballots are counted as they are.")
        if juror.remove(by=by, reason=reason, now=now):
            await uow.jury.save(juror)
            await uow.commit()
    return juror


async def accept(juror_id: str, token_juror_id: str | None, uow: AwardsUnitOfWork, now: datetime) -> Juror:
    async with uow:
        juror = await own_juror(uow, juror_id, token_juror_id)
        edition = await uow.editions.get(juror.edition_id, lock="update")
        edition.check_not_closed()
        if juror.status is not JurorStatus.ACCEPTED:
            juror.accept(now)
            await uow.jury.save(juror)
            uow.emit(events.JurorAccepted(juror_id=juror.id, edition_id=juror.edition_id, accepted_at=now))
            await uow.commit()
    return juror


async def declare_conflict(
    cmd: commands.DeclareConflict, token_juror_id: str | None, uow: AwardsUnitOfWork, now: datetime
) -> ConflictDeclaration:
    if not cmd.reason.strip():
        raise Invalid("reason", "Say what the conflict of interest is; the secretariat sees it.")
    async with uow:
        juror = await own_juror(uow, cmd.juror_id, token_juror_id)
        nomination = await uow.nominations.get(cmd.nomination_id)
        if nomination is None or nomination.edition_id != juror.edition_id:
            raise NotFoundError("nomination", cmd.nomination_id)
        edition = await uow.editions.get(juror.edition_id, lock="update")
        edition.check_not_closed()
        declaration = ConflictDeclaration(juror.id, nomination.id, cmd.reason.strip(), now)
        if await uow.jury.declare(declaration):
            await uow.commit()
    return declaration
