"""The tally: a pure function from anonymous counted ballots to a ranking per category.

Two steps. ``count_ballots`` knows the jurors: it keeps the current ballot of every
accepted juror without a conflict of interest and counts conflicts and abstentions;
its output (``TallyInput``) names no juror and is what the audit export holds.
``tally`` turns a ``TallyInput`` into the result document. Arithmetic is exact
(fractions), so the order of ballots can never change a result.

Tie-break rule (TIE_BREAK), applied in order until two nominations differ:
1. a nomination that meets the quorum ranks above one that does not;
2. the higher weighted mean score;
3. the higher mean score on each criterion in turn, by decreasing weight (equal weights: the category's order);
4. more counted ballots;
5. the earlier nomination (submission time), and last the nomination id.
The winner of a category is its first-ranked nomination if it meets the quorum; otherwise the category has no winner.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from awards.domain.jury import is_conflicted

TIE_BREAK = "quorum>score>criteria-by-weight>ballots>submitted_at>nomination_id"
PRECISION = 6  # decimals shown; ranking uses the exact values


@dataclass(frozen=True)
class CriterionRule:
    criterion_id: str
    weight: int


@dataclass(frozen=True)
class CategoryRule:
    category_id: str
    name: str
    scale_min: int
    scale_max: int
    criteria: tuple[CriterionRule, ...]


@dataclass(frozen=True)
class CountedBallot:
    scores: tuple[tuple[str, int], ...]  # (criterion id, score), sorted by criterion id
    receipt: str
    comment_sha256: str
    nonce: str


@dataclass(frozen=True)
class NominationCount:
    nomination_id: str
    category_id: str
    nominee_id: str
    submitted_at: str  # ISO 8601 UTC
    ballots: tuple[CountedBallot, ...]
    conflicts: int
    abstentions: int


@dataclass(frozen=True)
class TallyInput:
    edition_id: str
    quorum: int
    categories: tuple[CategoryRule, ...]
    nominations: tuple[NominationCount, ...]


# What count_ballots reads: plain records, as the repositories load them.
@dataclass(frozen=True)
class JurorRecord:
    juror_id: str
    organisation_id: str | None
    accepted: bool


@dataclass(frozen=True)
class NominationRecord:
    nomination_id: str
    category_id: str
    nominee_id: str
    nominator_id: str
    submitted_at: str


@dataclass(frozen=True)
class BallotRecord:
    juror_id: str
    nomination_id: str
    scores: dict[str, int]
    receipt: str
    comment_sha256: str
    nonce: str


def count_ballots(
    *,
    edition_id: str,
    quorum: int,
    categories: list[CategoryRule],
    nominations: list[NominationRecord],
    jurors: list[JurorRecord],
    declared_conflicts: set[tuple[str, str]],
    ballots: list[BallotRecord],
) -> TallyInput:
    """Keep each accepted, unconflicted juror's ballot on a shortlisted nomination; count the rest."""
    accepted = {j.juror_id: j for j in jurors if j.accepted}
    by_nomination: dict[str, list[BallotRecord]] = {}
    for ballot in ballots:
        by_nomination.setdefault(ballot.nomination_id, []).append(ballot)
    counts = []
    for n in nominations:
        conflicted = {
            j.juror_id
            for j in accepted.values()
            if is_conflicted(j.organisation_id, n.nominee_id, n.nominator_id, (j.juror_id, n.nomination_id) in declared_conflicts)
        }
        kept = [b for b in by_nomination.get(n.nomination_id, []) if b.juror_id in accepted and b.juror_id not in conflicted]
        counted = tuple(
            sorted(
                (CountedBallot(tuple(sorted(b.scores.items())), b.receipt, b.comment_sha256, b.nonce) for b in kept),
                key=lambda b: b.receipt,
            )
        )
        voters = {b.juror_id for b in kept}
        counts.append(
            NominationCount(
                n.nomination_id,
                n.category_id,
                n.nominee_id,
                n.submitted_at,
                counted,
                len(conflicted),
                len(accepted) - len(conflicted) - len(voters),
            )
        )
    return TallyInput(
        edition_id, quorum, tuple(sorted(categories, key=lambda c: c.category_id)), tuple(sorted(counts, key=lambda c: c.nomination_id))
    )


def _decimal(value: Fraction | None) -> str | None:
    if value is None:
        return None
    scaled = round(value * 10**PRECISION)  # exact, half to even
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**PRECISION)
    return f"{sign}{whole}.{part:0{PRECISION}d}"


def _means(category: CategoryRule, count: NominationCount) -> tuple[Fraction | None, dict[str, Fraction]]:
    if not count.ballots:
        return None, {}
    n = len(count.ballots)
    totals = {c.criterion_id: 0 for c in category.criteria}
    for ballot in count.ballots:
        for criterion_id, score in ballot.scores:
            totals[criterion_id] += score
    per_criterion = {cid: Fraction(total, n) for cid, total in totals.items()}
    weight = sum(c.weight for c in category.criteria)
    score = sum((per_criterion[c.criterion_id] * c.weight for c in category.criteria), Fraction(0)) / weight
    return score, per_criterion


def _rank_key(category: CategoryRule, quorum: int, count: NominationCount):
    score, per_criterion = _means(category, count)
    by_weight = sorted(range(len(category.criteria)), key=lambda i: (-category.criteria[i].weight, i))
    criteria_key = tuple(-per_criterion.get(category.criteria[i].criterion_id, Fraction(category.scale_min - 1)) for i in by_weight)
    floor = Fraction(category.scale_min - 1)  # no ballots: below any possible score
    return (
        len(count.ballots) < quorum,
        -(score if score is not None else floor),
        criteria_key,
        -len(count.ballots),
        count.submitted_at,
        count.nomination_id,
    )


def _entry(rank: int, category: CategoryRule, quorum: int, count: NominationCount) -> dict:
    score, per_criterion = _means(category, count)
    return {
        "rank": rank,
        "nomination_id": count.nomination_id,
        "nominee_id": count.nominee_id,
        "score": _decimal(score),
        "criteria": {cid: _decimal(mean) for cid, mean in sorted(per_criterion.items())},
        "ballots": len(count.ballots),
        "quorum_met": len(count.ballots) >= quorum,
        "conflicts": count.conflicts,
        "abstentions": count.abstentions,
    }


def tally(data: TallyInput) -> dict:
    """The result document: per category a total ranking and the winner, and every counted receipt."""
    categories = []
    for category in data.categories:
        counts = [c for c in data.nominations if c.category_id == category.category_id]
        ranked = sorted(counts, key=lambda c: _rank_key(category, data.quorum, c))
        ranking = [_entry(i + 1, category, data.quorum, c) for i, c in enumerate(ranked)]
        winner = ranking[0]["nomination_id"] if ranking and ranking[0]["quorum_met"] and ranking[0]["ballots"] else None
        categories.append({"category_id": category.category_id, "name": category.name, "winner": winner, "ranking": ranking})
    receipts = sorted(b.receipt for c in data.nominations for b in c.ballots)
    return {
        "edition_id": data.edition_id,
        "rules": {"quorum": data.quorum, "tie_break": TIE_BREAK, "precision": PRECISION},
        "categories": categories,
        "receipts": receipts,
    }
