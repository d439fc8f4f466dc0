"""Commands: what a caller asks the awards service to do."""

from __future__ import annotations

from dataclasses import dataclass, field

from awards.domain.editions import Category, CeremonyRef, Timeline


@dataclass(frozen=True)
class CreateEdition:
    name: str
    organiser: str
    timeline: Timeline
    ceremony: CeremonyRef | None
    quorum: int
    categories: list[Category]


@dataclass(frozen=True)
class Nominate:
    edition_id: str
    category_id: str
    nominee_id: str
    nominator_id: str  # the member organisation of the caller's token
    motivation: dict[str, str]
    links: list[str] = field(default_factory=list)
    submitted_by: str = ""


@dataclass(frozen=True)
class ScreenNomination:
    nomination_id: str
    eligible: bool
    reason: str | None
    screened_by: str


@dataclass(frozen=True)
class InviteJuror:
    edition_id: str
    name: str
    email: str
    language: str
    organisation_id: str | None


@dataclass(frozen=True)
class DeclareConflict:
    juror_id: str
    nomination_id: str
    reason: str


@dataclass(frozen=True)
class CastBallot:
    juror_id: str
    nomination_id: str
    scores: dict[str, int]
    comment: str | None
