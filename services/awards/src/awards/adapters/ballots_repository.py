from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.orm import ballot_versions, ballots
from awards.domain import audit
from awards.domain.ballots import BallotVersion
from awards.domain.editions import new_id
from awards.domain.tally import BallotRecord


class BallotRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def next_version(self, edition_id: str, juror_id: str, nomination_id: str, now) -> tuple[str, int]:
        """Claim the next version of the juror's ballot; the first one inserts the row.

        Two simultaneous first ballots both try the insert: the unique key lets one in and the
        other fails with IntegrityError, and its handler retries as a second version.
        """
        key = (ballots.c.juror_id == juror_id) & (ballots.c.nomination_id == nomination_id)
        bumped = (
            await self._session.execute(
                update(ballots).where(key).values(version=ballots.c.version + 1, updated_at=now).returning(ballots.c.id, ballots.c.version)
            )
        ).first()
        if bumped:
            return bumped.id, bumped.version
        ballot_id = new_id()
        await self._session.execute(
            ballots.insert().values(
                id=ballot_id, edition_id=edition_id, juror_id=juror_id, nomination_id=nomination_id, version=1, updated_at=now
            )
        )
        return ballot_id, 1

    async def add_version(self, ballot_id: str, ballot: BallotVersion) -> None:
        await self._session.execute(
            ballot_versions.insert().values(
                ballot_id=ballot_id,
                version=ballot.version,
                scores=ballot.scores,
                comment=ballot.comment,
                comment_sha256=audit.comment_digest(ballot.comment),
                nonce=ballot.nonce,
                receipt=ballot.receipt,
                cast_at=ballot.cast_at,
            )
        )

    def _current(self):
        return select(ballots.c.juror_id, ballots.c.nomination_id, ballot_versions).join(
            ballot_versions, (ballot_versions.c.ballot_id == ballots.c.id) & (ballot_versions.c.version == ballots.c.version)
        )

    async def own(self, juror_id: str, nomination_id: str | None = None) -> list[BallotVersion]:
        """The juror's current ballots (all, or on one nomination): the only way anyone reads scores before close."""
        query = self._current().where(ballots.c.juror_id == juror_id)
        if nomination_id:
            query = query.where(ballots.c.nomination_id == nomination_id)
        return [_version(r) for r in (await self._session.execute(query.order_by(ballots.c.updated_at))).all()]

    async def own_history(self, juror_id: str, nomination_id: str) -> list[BallotVersion]:
        query = (
            select(ballots.c.juror_id, ballots.c.nomination_id, ballot_versions)
            .join(ballot_versions, ballot_versions.c.ballot_id == ballots.c.id)
            .where(ballots.c.juror_id == juror_id, ballots.c.nomination_id == nomination_id)
            .order_by(ballot_versions.c.version)
        )
        return [_version(r) for r in (await self._session.execute(query)).all()]

    async def current_of_edition(self, edition_id: str) -> list[BallotRecord]:
        """For the tally only (inside closing, after voting has ended)."""
        rows = (await self._session.execute(self._current().where(ballots.c.edition_id == edition_id))).all()
        return [
            BallotRecord(r.juror_id, r.nomination_id, dict(r.scores), r.receipt, r.comment_sha256 or audit.comment_digest(r.comment), r.nonce)
            for r in rows
        ]


def _version(row) -> BallotVersion:
    return BallotVersion(row.nomination_id, row.juror_id, row.version, dict(row.scores), row.comment, row.nonce, row.receipt, row.cast_at)
