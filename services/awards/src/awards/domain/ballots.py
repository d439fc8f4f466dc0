"""Ballots: one per juror and nomination; the latest version counts, every version is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awards.domain import audit
from awards.domain.editions import Category
from awards.domain.errors import Invalid

MAX_COMMENT = 4000


@dataclass(frozen=True)
class BallotVersion:
    """What a juror cast; ``receipt`` lets them check later that it was counted unaltered."""

    nomination_id: str
    juror_id: str
    version: int
    scores: dict[str, int]  # criterion id -> score on the category's scale
    comment: str | None
    nonce: str
    receipt: str
    cast_at: datetime


def validate_scores(category: Category, scores: dict[str, int]) -> dict[str, int]:
    """A score for every criterion of the category, each on its scale; ``Invalid`` otherwise."""
    known = {c.id for c in category.criteria}
    unknown = set(scores) - known
    if unknown:
        raise Invalid("scores", f"{category.name} has no criteria {sorted(unknown)}; its criteria are {sorted(known)}.")
    missing = known - set(scores)
    if missing:
        names = [c.name for c in category.criteria if c.id in missing]
        raise Invalid("scores", f"Score every criterion; missing: {', '.join(names)}.")
    for criterion in category.criteria:
        score = scores[criterion.id]
        if isinstance(score, bool) or not isinstance(score, int) or not category.scale_min <= score <= category.scale_max:
            raise Invalid(
                f"scores.{criterion.id}", f"{criterion.name}: {score!r} is outside the scale {category.scale_min} to {category.scale_max}."
            )
    return {c.id: scores[c.id] for c in category.criteria}


def cast(
    *, category: Category, nomination_id: str, juror_id: str, version: int, scores: dict[str, int], comment: str | None, now: datetime
) -> BallotVersion:
    scores = validate_scores(category, scores)
    comment = (comment or "").strip() or None
    if comment and len(comment) > MAX_COMMENT:
        raise Invalid("comment", f"Keep the comment under {MAX_COMMENT} characters.")
    nonce = audit.new_nonce()
    digest = audit.receipt(nomination_id=nomination_id, scores=scores, comment_sha256=audit.comment_digest(comment), nonce=nonce)
    return BallotVersion(nomination_id, juror_id, version, scores, comment, nonce, digest, now)
