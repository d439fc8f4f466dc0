"""Nominations: a member organisation nominates an organisation in a category; the secretariat screens and shortlists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from awards.domain.editions import Category, Edition, new_id
from awards.domain.errors import Invalid, InvalidTransition, NominationsClosed, NotAMember, NotEligible
from awards.domain.model import KnownOrganisation

LANGUAGES = ("en", "nl", "fr", "de")


class NominationStatus(str, Enum):
    SUBMITTED = "submitted"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    SHORTLISTED = "shortlisted"
    WINNER = "winner"
    NOT_WINNER = "not_winner"


@dataclass
class Nomination:
    id: str
    edition_id: str
    category_id: str
    nominee_id: str
    nominator_id: str
    motivation: dict[str, str]
    links: list[str]
    status: NominationStatus
    submitted_at: datetime
    submitted_by: str
    screening_reason: str | None = None
    screened_by: str | None = None
    screened_at: datetime | None = None
    shortlisted_at: datetime | None = None

    def screen(self, *, eligible: bool, reason: str | None, by: str, now: datetime) -> None:
        if self.status not in (NominationStatus.SUBMITTED, NominationStatus.ELIGIBLE, NominationStatus.INELIGIBLE):
            raise InvalidTransition(f"A {self.status.value} nomination can no longer be screened.")
        if not eligible and not (reason or "").strip():
            raise Invalid("reason", "Say why the nomination is ineligible; the nominator sees the reason.")
        self.status = NominationStatus.ELIGIBLE if eligible else NominationStatus.INELIGIBLE
        self.screening_reason = (reason or "").strip() or None
        self.screened_by, self.screened_at = by, now

    def shortlist(self, now: datetime) -> None:
        if self.status is NominationStatus.SHORTLISTED:
            return
        if self.status is not NominationStatus.ELIGIBLE:
            raise InvalidTransition(f"Only an eligible nomination can be shortlisted; this one is {self.status.value}.")
        self.status, self.shortlisted_at = NominationStatus.SHORTLISTED, now


def eligibility_problems(category: Category, nominee: KnownOrganisation | None, nominator_id: str) -> list[str]:
    """Why ``nominee`` may not be nominated in ``category``, judged on awards' local copy of membership."""
    if nominee is None:
        return ["The nominee is not an organisation known to the pact (no membership event names it)."]
    problems = []
    if nominee.archived_at is not None:
        problems.append(f"{nominee.name} is archived in the pact's register.")
    if nominee.kind not in category.eligible_kinds:
        problems.append(
            f"{nominee.name} is a {nominee.kind} organisation; {category.name} is open to {', '.join(category.eligible_kinds)}."
        )
    if nominee.id == nominator_id and not category.self_nomination_allowed:
        problems.append(f"{category.name} does not accept self-nominations.")
    return problems


def nominate(
    *,
    edition: Edition,
    category_id: str,
    nominee: KnownOrganisation | None,
    nominee_id: str,
    nominator_id: str,
    nominator_is_member: bool,
    motivation: dict[str, str],
    links: list[str],
    by: str,
    now: datetime,
) -> Nomination:
    category = edition.category(category_id)
    if category is None:
        raise Invalid("category_id", f"{edition.name} has no category {category_id!r}.")
    if not edition.nominations_open(now):
        t = edition.timeline
        raise NominationsClosed(
            f"Nominations for {edition.name} are open from {t.nominations_open_at.isoformat()} to {t.nominations_close_at.isoformat()}."
        )
    if not nominator_is_member:
        raise NotAMember("Only member organisations of the pact (with a verified signature) may nominate.")
    problems = eligibility_problems(category, nominee, nominator_id)
    if problems:
        raise NotEligible(" ".join(problems))
    texts = {lang: text.strip() for lang, text in motivation.items() if text and text.strip()}
    if not texts:
        raise Invalid("motivation", "Give a motivation in at least one of en, nl, fr, de.")
    if set(texts) - set(LANGUAGES):
        raise Invalid("motivation", f"Motivations are in {', '.join(LANGUAGES)}.")
    return Nomination(new_id(), edition.id, category_id, nominee_id, nominator_id, texts, list(links), NominationStatus.SUBMITTED, now, by)
