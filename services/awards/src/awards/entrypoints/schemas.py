"""Request and response bodies of the awards API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl
from servicekit.inputs import Key, Moment, Name, StrictBool, StrictInt, Text, free_text, single_line

Language = Literal["en", "nl", "fr", "de"]
Kind = Literal["procuring", "coordinating", "supporting"]
Id = single_line(min_length=1, max_length=36)
Reason = free_text(min_length=1, max_length=2000)
OptionalReason = free_text(max_length=2000)
JurorEmail = single_line(min_length=3, max_length=320)
Nonce = single_line(max_length=200)


class TimelineIn(BaseModel):
    """Instants with an offset, as ISO 8601 strings in the years 2000 to 2100 (a number is not a time)."""

    nominations_open_at: Moment
    nominations_close_at: Moment
    voting_opens_at: Moment = Field(description="After nominations close; screening happens in between.")
    voting_closes_at: Moment


class TimelineOut(BaseModel):
    nominations_open_at: datetime
    nominations_close_at: datetime
    voting_opens_at: datetime
    voting_closes_at: datetime


class CeremonyIn(BaseModel):
    event_id: Id
    session_id: Id = Field(description="A session of the event, as the events service publishes it.")


class CriterionIn(BaseModel):
    name: Name
    weight: StrictInt = Field(ge=1, le=100)


class ScaleIn(BaseModel):
    min: StrictInt = Field(default=1, ge=0, le=100)
    max: StrictInt = Field(default=5, ge=1, le=100)


class CategoryIn(BaseModel):
    name: Name
    description: Text | None = None
    eligible_kinds: list[Kind] = Field(min_length=1, description="Organisation kinds that may be nominated.")
    self_nomination_allowed: StrictBool = False
    scale: ScaleIn = ScaleIn()
    criteria: list[CriterionIn] = Field(min_length=1, max_length=20)


class EditionIn(BaseModel):
    name: Name = Field(examples=["Fair ICT Awards 2021"])
    organiser: Name = Field(examples=["Fair ICT Flanders"])
    timeline: TimelineIn
    ceremony: CeremonyIn | None = None
    quorum: StrictInt = Field(default=3, ge=1, le=1000, description="Minimum counted ballots for a nomination to win.")
    categories: list[CategoryIn] = Field(min_length=1, max_length=20)


class ScheduleIn(BaseModel):
    timeline: TimelineIn
    ceremony: CeremonyIn | None = None


class CriterionOut(BaseModel):
    id: str
    name: str
    weight: int


class CategoryOut(BaseModel):
    id: str
    name: str
    description: str | None
    eligible_kinds: list[str]
    self_nomination_allowed: bool
    scale_min: int
    scale_max: int
    criteria: list[CriterionOut]


class CeremonyOut(BaseModel):
    event_id: str
    session_id: str
    known: bool = Field(description="The events service's events about this session have reached awards.")
    title: str | None = None
    starts_at: datetime | None = Field(default=None, description="Results are published at this moment (UTC).")
    event_cancelled: bool = False


class EditionOut(BaseModel):
    id: str
    name: str
    organiser: str
    phase: Literal["upcoming", "nominations_open", "screening", "voting_open", "voting_closed", "published"]
    timeline: TimelineOut
    ceremony: CeremonyOut | None
    quorum: int
    tie_break: str
    categories: list[CategoryOut]
    voting_closed_at: datetime | None
    commitment: str | None
    results_published_at: datetime | None


class EditionList(BaseModel):
    items: list[EditionOut]


class NominationIn(BaseModel):
    category_id: Key
    nominee_id: Key = Field(description="Organisation id (membership).")
    motivation: dict[Language, Text] = Field(min_length=1, description="Why, in one or more of en, nl, fr, de.")
    links: list[HttpUrl] = Field(default_factory=list, max_length=10)


class NominationOut(BaseModel):
    id: str
    edition_id: str
    category_id: str
    nominee_id: str
    nominee_name: str | None = Field(description="From awards' copy of membership.")
    nominator_id: str
    motivation: dict[str, str]
    links: list[str]
    status: Literal["submitted", "eligible", "ineligible", "shortlisted", "winner", "not_winner"]
    screening_reason: str | None = Field(description="Shown to the secretariat and the nominating organisation only.")
    submitted_at: datetime
    screened_at: datetime | None
    shortlisted_at: datetime | None


class NominationList(BaseModel):
    items: list[NominationOut]


class ScreeningIn(BaseModel):
    decision: Literal["eligible", "ineligible"]
    reason: OptionalReason | None = Field(default=None, description="Required when ineligible.")


class JurorIn(BaseModel):
    name: Name
    email: JurorEmail
    language: Language = "en"
    organisation_id: Key | None = Field(default=None, description="The juror's own organisation: its nominations are blocked for them.")


class JurorOut(BaseModel):
    id: str
    edition_id: str
    name: str
    email: str
    language: str
    organisation_id: str | None
    status: Literal["invited", "accepted", "removed"]
    invited_at: datetime
    accepted_at: datetime | None
    removed_at: datetime | None = None
    removed_by: str | None = None
    removal_reason: str | None = None
    erased_at: datetime | None = Field(default=None, description="Set when the juror's name and e-mail were erased on their request.")


class JurorRemovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = Field(description="Why the juror is removed; kept with the jury's record.")


class JurorList(BaseModel):
    items: list[JurorOut]


class ConflictIn(BaseModel):
    nomination_id: Key
    reason: Reason


class ConflictOut(BaseModel):
    juror_id: str
    juror_name: str | None = None
    nomination_id: str
    reason: str
    automatic: bool = Field(description="True: the nomination concerns the juror's own organisation.")
    declared_at: datetime | None


class ConflictList(BaseModel):
    items: list[ConflictOut]


class BallotIn(BaseModel):
    scores: dict[Key, StrictInt] = Field(description="Criterion id -> score on the category's scale; every criterion.")
    comment: Text | None = None


class ReceiptOut(BaseModel):
    nomination_id: str
    version: int
    receipt: str = Field(description="sha256 of the ballot's contents and nonce; listed in the results when counted.")
    nonce: str
    cast_at: datetime


class BallotOut(ReceiptOut):
    scores: dict[str, int]
    comment: str | None


class OwnBallot(BaseModel):
    current: BallotOut
    history: list[BallotOut] = Field(description="Every version cast, oldest first; the latest counts.")


class OwnBallotList(BaseModel):
    items: list[BallotOut]


class CommitmentOut(BaseModel):
    edition_id: str
    commitment: str = Field(description="sha256 of canonical JSON {nonce, result}; result and nonce are revealed at publication.")
    voting_closed_at: datetime


class ResultsOut(BaseModel):
    edition_id: str
    published: bool
    published_at: datetime | None
    commitment: str
    nonce: str | None = Field(description="Revealed at publication.")
    result: dict = Field(description="The sealed result: rankings per category, rules and every counted receipt.")
    nominee_names: dict[str, str]


class CommitmentCheckIn(BaseModel):
    result: dict
    nonce: Nonce
    commitment: str = Field(pattern="^[0-9a-fA-F]{64}$", description="The published commitment: 64 hex digits.")


class CommitmentCheckOut(BaseModel):
    matches: bool


class ReceiptCheckOut(BaseModel):
    receipt: str
    counted: bool
