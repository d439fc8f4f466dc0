"""Editions of the awards: a timeline, a ceremony (a session of an event) and categories with their rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from awards.domain.errors import Invalid, VotingClosed, VotingNotOpen

ORGANISATION_KINDS = ("procuring", "coordinating", "supporting")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: int  # a positive integer; a ballot's score is the weight-averaged criterion scores


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str | None
    eligible_kinds: tuple[str, ...]  # organisation kinds (as membership names them) that may be nominated
    self_nomination_allowed: bool
    scale_min: int
    scale_max: int
    criteria: tuple[Criterion, ...]

    def validate(self) -> None:
        if not self.name.strip():
            raise Invalid("categories.name", "A category needs a name.")
        unknown = set(self.eligible_kinds) - set(ORGANISATION_KINDS)
        if not self.eligible_kinds or unknown:
            raise Invalid("categories.eligible_kinds", f"Name at least one of {', '.join(ORGANISATION_KINDS)}; unknown: {sorted(unknown)}.")
        if self.scale_min >= self.scale_max:
            raise Invalid(
                "categories.scale", f"The scale must run from a lower to a higher score; got {self.scale_min} to {self.scale_max}."
            )
        if not self.criteria:
            raise Invalid("categories.criteria", f"Category {self.name!r} needs at least one scoring criterion.")
        if any(c.weight < 1 for c in self.criteria):
            raise Invalid("categories.criteria.weight", "Criterion weights are positive integers.")
        if len({c.name for c in self.criteria}) != len(self.criteria):
            raise Invalid("categories.criteria.name", f"Criterion names repeat in category {self.name!r}.")


@dataclass(frozen=True)
class Timeline:
    """Nominations open and close; the secretariat screens in between; then voting opens and closes."""

    nominations_open_at: datetime
    nominations_close_at: datetime
    voting_opens_at: datetime
    voting_closes_at: datetime

    def validate(self) -> None:
        order = [self.nominations_open_at, self.nominations_close_at, self.voting_opens_at, self.voting_closes_at]
        if any(t.tzinfo is None for t in order):
            raise Invalid("timeline", "Give every time with its UTC offset.")
        if not (order[0] < order[1] <= order[2] < order[3]):
            raise Invalid(
                "timeline", "Nominations must open before they close, voting must open after nominations close and before it closes."
            )


@dataclass(frozen=True)
class CeremonyRef:
    """The session of an event (known from the events service's events) where the results are announced."""

    event_id: str
    session_id: str


@dataclass
class Edition:
    id: str
    name: str
    organiser: str
    timeline: Timeline
    ceremony: CeremonyRef | None
    quorum: int  # minimum counted ballots for a nomination to win
    categories: list[Category]
    created_at: datetime
    voting_closed_at: datetime | None = None
    commitment: str | None = None
    results_published_at: datetime | None = None

    @classmethod
    def create(
        cls,
        *,
        name: str,
        organiser: str,
        timeline: Timeline,
        ceremony: CeremonyRef | None,
        quorum: int,
        categories: list[Category],
        now: datetime,
    ) -> "Edition":
        if not name.strip():
            raise Invalid("name", "An edition needs a name.")
        if quorum < 1:
            raise Invalid("quorum", "The quorum is at least one ballot.")
        if not categories:
            raise Invalid("categories", "An edition needs at least one category.")
        if len({c.name for c in categories}) != len(categories):
            raise Invalid("categories.name", "Category names repeat.")
        timeline.validate()
        for category in categories:
            category.validate()
        return cls(new_id(), name.strip(), organiser.strip(), timeline, ceremony, quorum, categories, now)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def phase(self, now: datetime) -> str:
        t = self.timeline
        if self.results_published_at:
            return "published"
        if self.voting_closed_at:
            return "voting_closed"
        if now < t.nominations_open_at:
            return "upcoming"
        if now < t.nominations_close_at:
            return "nominations_open"
        if now < t.voting_opens_at:
            return "screening"
        if now < t.voting_closes_at:
            return "voting_open"
        return "voting_closed"  # sealed by the scheduler shortly after

    def nominations_open(self, now: datetime) -> bool:
        return self.phase(now) == "nominations_open"

    def check_voting_open(self, now: datetime) -> None:
        phase = self.phase(now)
        if phase in ("voting_closed", "published"):
            raise VotingClosed(f"Voting for {self.name} has closed; ballots can no longer be cast or changed.")
        if phase != "voting_open":
            raise VotingNotOpen(f"Voting for {self.name} opens at {self.timeline.voting_opens_at.isoformat()}.")

    def check_not_closed(self) -> None:
        if self.voting_closed_at:
            raise VotingClosed(f"Voting for {self.name} has closed; the shortlist, jury and conflicts are final.")

    def reschedule(self, timeline: Timeline, ceremony: CeremonyRef | None) -> None:
        self.check_not_closed()
        timeline.validate()
        self.timeline, self.ceremony = timeline, ceremony
