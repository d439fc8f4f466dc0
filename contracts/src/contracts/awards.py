"""Events published by the awards service: editions, nominations, the jury, voting and results.

Ballots are secret: no event carries a juror's scores. Voting closing publishes
only a commitment (a hash of the sealed result with a secret nonce); the results
event reveals the winners, and the results endpoint the whole result and nonce.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from contracts.membership import Language
from contracts.registry import IntegrationEvent, event
from contracts.topics import AWARDS_EDITION, AWARDS_JURY, AWARDS_NOMINATION


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class CeremonySession(_Value):
    """The session of an event (events service) at which the results are announced."""

    event_id: str
    session_id: str


@event("awards.edition.created.v1", topic=AWARDS_EDITION, aggregate="edition_id")
class EditionCreated(IntegrationEvent):
    edition_id: str
    name: str = Field(description='e.g. "Fair ICT Awards 2021".')
    organiser: str
    nominations_open_at: datetime
    nominations_close_at: datetime
    voting_opens_at: datetime
    voting_closes_at: datetime
    ceremony: CeremonySession | None = None
    category_names: list[str]
    created_at: datetime


@event("awards.voting.closed.v1", topic=AWARDS_EDITION, aggregate="edition_id")
class VotingClosed(IntegrationEvent):
    """Voting closed and the result was sealed: ``commitment`` = sha256 of the canonical {nonce, result}, revealed at publication."""

    edition_id: str
    name: str
    commitment: str = Field(min_length=64, max_length=64)
    ballots_counted: int
    closed_at: datetime


class Winner(_Value):
    category_id: str
    category_name: str
    nomination_id: str
    nominee_id: str
    nominee_name: str
    score: str = Field(description="Weighted mean score, six decimals.")


@event("awards.results.published.v1", topic=AWARDS_EDITION, aggregate="edition_id")
class ResultsPublished(IntegrationEvent):
    """The results are public: the winners per category (a category below quorum has none)."""

    edition_id: str
    name: str
    winners: list[Winner]
    commitment: str
    nonce: str = Field(description="Reveals the commitment: sha256(canonical({nonce, result})) must equal it.")
    published_by: str = Field(description="'scheduler' at the ceremony's start, or the secretariat user's token subject.")
    published_at: datetime


class _NominationEvent(IntegrationEvent):
    nomination_id: str
    edition_id: str
    category_id: str
    nominee_id: str
    nominator_id: str


@event("awards.nomination.submitted.v1", topic=AWARDS_NOMINATION, aggregate="nomination_id")
class NominationSubmitted(_NominationEvent):
    submitted_at: datetime


@event("awards.nomination.screened.v1", topic=AWARDS_NOMINATION, aggregate="nomination_id")
class NominationScreened(_NominationEvent):
    eligible: bool
    reason: str | None = None
    screened_at: datetime


@event("awards.nomination.shortlisted.v1", topic=AWARDS_NOMINATION, aggregate="nomination_id")
class NominationShortlisted(_NominationEvent):
    shortlisted_at: datetime


@event("awards.juror.invited.v1", topic=AWARDS_JURY, aggregate="juror_id")
class JurorInvited(IntegrationEvent):
    """For notifications: write to the juror in their language."""

    juror_id: str
    edition_id: str
    edition_name: str
    name: str
    email: str
    language: Language
    invited_at: datetime


@event("awards.juror.accepted.v1", topic=AWARDS_JURY, aggregate="juror_id")
class JurorAccepted(IntegrationEvent):
    juror_id: str
    edition_id: str
    accepted_at: datetime
