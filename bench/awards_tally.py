"""Awards tally benchmark: exact (fractions) against a float tally, side by side in one run.

The service's tally uses exact rational arithmetic so that the order of ballots can never change a
result (and an auditor's recomputation is identical bit for bit). This measures what that costs, and
how often a float tally of the same ballots, shuffled, disagrees with itself on the score.

    .venv/bin/python bench/awards_tally.py [--nominations 60] [--jurors 40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import time

from awards.domain import audit
from awards.domain.tally import BallotRecord, CategoryRule, CriterionRule, JurorRecord, NominationRecord, count_ballots, tally


def edition(nominations: int, jurors: int, seed: int = 7):
    rng = random.Random(seed)
    categories = [CategoryRule(f"cat{c}", f"Category {c}", 1, 5, tuple(CriterionRule(f"c{c}k{k}", w) for k, w in enumerate((3, 2, 1))))
                  for c in range(3)]
    noms = [NominationRecord(f"n{i}", f"cat{i % 3}", f"org{i}", "nominator", f"2021-05-{1 + i % 28:02d}T10:00:00+00:00")
            for i in range(nominations)]
    jury = [JurorRecord(f"j{j}", None, True) for j in range(jurors)]
    ballots = []
    for n in noms:
        for j in jury:
            scores = {f"{n.category_id.replace('cat', 'c')}k{k}": rng.randint(1, 5) for k in range(3)}
            nonce = f"{n.nomination_id}-{j.juror_id}"
            ballots.append(BallotRecord(j.juror_id, n.nomination_id, scores,
                                        audit.receipt(nomination_id=n.nomination_id, scores=scores, comment_sha256="", nonce=nonce), "", nonce))
    return dict(edition_id="bench", quorum=3, categories=categories, nominations=noms, jurors=jury, declared_conflicts=set(), ballots=ballots)


def float_scores(data) -> dict[str, float]:
    """What a naive tally computes: float weighted means, summed in ballot order."""
    weights = {r.criterion_id: r.weight for c in data["categories"] for r in c.criteria}
    totals: dict[str, list[float]] = {}
    for b in data["ballots"]:
        total_weight = sum(weights[k] for k in b.scores)
        totals.setdefault(b.nomination_id, []).append(sum(weights[k] * v for k, v in b.scores.items()) / total_weight)
    return {n: sum(v) / len(v) for n, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominations", type=int, default=60)
    parser.add_argument("--jurors", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = edition(args.nominations, args.jurors)
    ballots = len(data["ballots"])

    start = time.perf_counter()
    for _ in range(args.rounds):
        exact = tally(count_ballots(**data))
    exact_s = (time.perf_counter() - start) / args.rounds
    start = time.perf_counter()
    for _ in range(args.rounds):
        float_scores(data)
    float_s = (time.perf_counter() - start) / args.rounds

    rng, exact_same, float_same = random.Random(1), 0, 0
    baseline = float_scores(data)
    for _ in range(args.rounds):
        shuffled = {**data, "ballots": rng.sample(data["ballots"], len(data["ballots"]))}
        exact_same += tally(count_ballots(**shuffled)) == exact
        float_same += float_scores(shuffled) == baseline
    print(f"{args.nominations} nominations x {args.jurors} jurors = {ballots} ballots, {args.rounds} rounds")
    print(f"exact tally (count + rank + receipts) {exact_s * 1000:8.1f} ms   float scores only {float_s * 1000:8.1f} ms"
          f"   ratio {exact_s / float_s:.1f} x")
    print(f"shuffled ballot order, same result: exact {exact_same}/{args.rounds}, float {float_same}/{args.rounds}")


if __name__ == "__main__":
    main()
