"""The audit export: everything the tally read, without juror identities, and its recomputation.

``python -m awards tally recompute EXPORT.json`` runs ``recompute`` on it: the same
pure ``tally`` the service ran when voting closed, so the ranking must come out identical.
"""

from __future__ import annotations

from awards.domain import audit
from awards.domain.errors import Invalid
from awards.domain.tally import (
    TIE_BREAK,
    CategoryRule,
    CountedBallot,
    CriterionRule,
    NominationCount,
    TallyInput,
    tally,
)

FORMAT = "pact-awards-export/1"


def to_export(data: TallyInput) -> dict:
    return {
        "format": FORMAT,
        "edition_id": data.edition_id,
        "rules": {"quorum": data.quorum, "tie_break": TIE_BREAK},
        "categories": [
            {
                "category_id": c.category_id,
                "name": c.name,
                "scale": [c.scale_min, c.scale_max],
                "criteria": [{"criterion_id": r.criterion_id, "weight": r.weight} for r in c.criteria],
            }
            for c in data.categories
        ],
        "nominations": [
            {
                "nomination_id": n.nomination_id,
                "category_id": n.category_id,
                "nominee_id": n.nominee_id,
                "submitted_at": n.submitted_at,
                "conflicts": n.conflicts,
                "abstentions": n.abstentions,
                "ballots": [
                    {"scores": dict(b.scores), "comment_sha256": b.comment_sha256, "nonce": b.nonce, "receipt": b.receipt}
                    for b in n.ballots
                ],
            }
            for n in data.nominations
        ],
    }


def from_export(document: dict) -> TallyInput:
    try:
        if document["format"] != FORMAT:
            raise Invalid("format", f"This is not a {FORMAT} document (format {document['format']!r}).")
        if document["rules"]["tie_break"] != TIE_BREAK:
            raise Invalid("rules.tie_break", f"Unknown tie-break rule {document['rules']['tie_break']!r}; this tool applies {TIE_BREAK}.")
        categories = tuple(
            CategoryRule(
                c["category_id"],
                c["name"],
                c["scale"][0],
                c["scale"][1],
                tuple(CriterionRule(r["criterion_id"], r["weight"]) for r in c["criteria"]),
            )
            for c in document["categories"]
        )
        nominations = tuple(
            NominationCount(
                n["nomination_id"],
                n["category_id"],
                n["nominee_id"],
                n["submitted_at"],
                tuple(
                    CountedBallot(tuple(sorted(b["scores"].items())), b["receipt"], b["comment_sha256"], b["nonce"]) for b in n["ballots"]
                ),
                n["conflicts"],
                n["abstentions"],
            )
            for n in document["nominations"]
        )
        return TallyInput(document["edition_id"], document["rules"]["quorum"], categories, nominations)
    except (KeyError, TypeError, IndexError) as exc:
        raise Invalid("export", f"The export is incomplete or malformed ({type(exc).__name__}: {exc}).") from None


def bad_receipts(document: dict) -> list[str]:
    """Receipts that do not hash their ballot's contents (a ballot altered after it was cast)."""
    bad = []
    for n in document["nominations"]:
        for b in n["ballots"]:
            expected = audit.receipt(
                nomination_id=n["nomination_id"], scores=b["scores"], comment_sha256=b["comment_sha256"], nonce=b["nonce"]
            )
            if expected != b["receipt"]:
                bad.append(b["receipt"])
    return bad


def recompute(document: dict) -> dict:
    return tally(from_export(document))
