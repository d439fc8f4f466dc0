"""Handlers for voting: cast a ballot, close voting (seal the result), publish the results."""

from __future__ import annotations

from datetime import datetime

from contracts import awards as events
from sqlalchemy.exc import IntegrityError

from awards.adapters.editions_repository import Sealed
from awards.domain import audit, ballots, commands
from awards.domain.editions import Edition
from awards.domain.errors import (
    ConflictOfInterest,
    InvalidTransition,
    NotFoundError,
    NotYourJuror,
    ResultsPublished,
    VotingNotOpen,
    VotingOpen,
)
from awards.domain.export import to_export
from awards.domain.jury import JurorStatus, own_organisation_conflict
from awards.domain.nominations import NominationStatus
from awards.domain.tally import CategoryRule, CriterionRule, JurorRecord, NominationRecord, count_ballots, tally
from awards.service_layer.jury import own_juror
from awards.service_layer.unit_of_work import AwardsUnitOfWork


async def cast_ballot(cmd: commands.CastBallot, token_juror_id: str | None, uow: AwardsUnitOfWork, now: datetime) -> ballots.BallotVersion:
    try:
        return await _cast(cmd, token_juror_id, uow, now)
    except IntegrityError:
        # Two first ballots of one juror at once: the other one made the ballot; ours is its next version.
        return await _cast(cmd, token_juror_id, uow, now)


async def _cast(cmd: commands.CastBallot, token_juror_id: str | None, uow: AwardsUnitOfWork, now: datetime) -> ballots.BallotVersion:
    async with uow:
        juror = await own_juror(uow, cmd.juror_id, token_juror_id)
        nomination = await uow.nominations.get(cmd.nomination_id)
        if nomination is None or nomination.edition_id != juror.edition_id:
            raise NotFoundError("nomination", cmd.nomination_id)
        edition = await uow.editions.get(juror.edition_id, lock="share")  # closing waits for this ballot, or this ballot for closing
        edition.check_voting_open(now)
        if juror.status is not JurorStatus.ACCEPTED:
            raise NotYourJuror("Accept the invitation to the jury before casting ballots.")
        if nomination.status is not NominationStatus.SHORTLISTED:
            raise InvalidTransition(f"Only shortlisted nominations are scored; this one is {nomination.status.value}.")
        if own_organisation_conflict(juror.organisation_id, nomination.nominee_id, nomination.nominator_id):
            raise ConflictOfInterest("This nomination concerns your own organisation; you may not score it.")
        if await uow.jury.declared(juror.id, nomination.id):
            raise ConflictOfInterest("You declared a conflict of interest with this nomination; you may not score it.")
        category = edition.category(nomination.category_id)
        ballots.validate_scores(category, cmd.scores)  # refuse before claiming a version
        ballot_id, version = await uow.ballots.next_version(edition.id, juror.id, nomination.id, now)
        cast = ballots.cast(
            category=category, nomination_id=nomination.id, juror_id=juror.id, version=version, scores=cmd.scores, comment=cmd.comment, now=now
        )
        await uow.ballots.add_version(ballot_id, cast)
        await uow.commit()
    return cast


def _rules(edition: Edition) -> list[CategoryRule]:
    return [
        CategoryRule(c.id, c.name, c.scale_min, c.scale_max, tuple(CriterionRule(k.id, k.weight) for k in c.criteria))
        for c in edition.categories
    ]


async def close_voting(edition_id: str, uow: AwardsUnitOfWork, now: datetime) -> Sealed:
    """Seal the result: tally, then commit to it with a secret nonce. Nothing about voting changes afterwards."""
    async with uow:
        edition = await uow.editions.get(edition_id, lock="update")
        if edition is None:
            raise NotFoundError("edition", edition_id)
        edition.check_not_closed()
        if now < edition.timeline.voting_opens_at:
            raise VotingNotOpen(
                f"Voting for {edition.name} has not opened yet; it opens at {edition.timeline.voting_opens_at.isoformat()}."
            )
        shortlisted = await uow.nominations.of_edition(edition.id, status=NominationStatus.SHORTLISTED)
        jurors = await uow.jury.of_edition(edition.id)
        counted = count_ballots(
            edition_id=edition.id,
            quorum=edition.quorum,
            categories=_rules(edition),
            nominations=[
                NominationRecord(n.id, n.category_id, n.nominee_id, n.nominator_id, n.submitted_at.isoformat()) for n in shortlisted
            ],
            jurors=[JurorRecord(j.id, j.organisation_id, j.status is JurorStatus.ACCEPTED) for j in jurors],
            declared_conflicts={(d.juror_id, d.nomination_id) for d in await uow.jury.declarations(edition.id)},
            ballots=await uow.ballots.current_of_edition(edition.id),
        )
        result, export, nonce = tally(counted), to_export(counted), audit.new_nonce()
        commitment = audit.commitment(result, nonce)
        await uow.editions.seal(edition.id, result=result, export=export, nonce=nonce, commitment=commitment, closed_at=now)
        uow.emit(
            events.VotingClosed(
                edition_id=edition.id, name=edition.name, commitment=commitment, ballots_counted=len(result["receipts"]), closed_at=now
            )
        )
        await uow.commit()
    return Sealed(result, export, nonce, commitment, now, None, None)


async def publish_results(edition_id: str, by: str, uow: AwardsUnitOfWork, now: datetime) -> Sealed:
    async with uow:
        edition = await uow.editions.get(edition_id, lock="update")
        if edition is None:
            raise NotFoundError("edition", edition_id)
        sealed = await uow.editions.sealed(edition_id)
        if sealed is None:
            raise VotingOpen(f"Voting for {edition.name} has not closed; close it first (its result is sealed then).")
        if not await uow.editions.mark_published(edition_id, at=now, by=by):
            raise ResultsPublished(f"The results of {edition.name} were published at {sealed.published_at.isoformat()}.")
        winners = [c for c in sealed.result["categories"] if c["winner"]]
        await uow.nominations.set_outcome(edition_id, {c["winner"] for c in winners})
        uow.emit(
            events.ResultsPublished(
                edition_id=edition.id,
                name=edition.name,
                winners=[await _winner(uow, c) for c in winners],
                commitment=sealed.commitment,
                nonce=sealed.nonce,
                published_by=by,
                published_at=now,
            )
        )
        await uow.commit()
    return Sealed(sealed.result, sealed.export, sealed.nonce, sealed.commitment, sealed.closed_at, now, by)


async def _winner(uow: AwardsUnitOfWork, category: dict) -> events.Winner:
    entry = category["ranking"][0]
    nominee = await uow.organisations.get(entry["nominee_id"])
    return events.Winner(
        category_id=category["category_id"],
        category_name=category["name"],
        nomination_id=entry["nomination_id"],
        nominee_id=entry["nominee_id"],
        nominee_name=nominee.name if nominee else entry["nominee_id"],
        score=entry["score"],
    )
