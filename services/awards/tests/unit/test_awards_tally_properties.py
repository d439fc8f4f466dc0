"""Properties of the tally, the pure function that decides the awards."""

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from awards.domain import audit
from awards.domain.export import bad_receipts, recompute, to_export
from awards.domain.jury import is_conflicted
from awards.domain.tally import BallotRecord, CategoryRule, CriterionRule, JurorRecord, NominationRecord, count_ballots, tally

ORGS = [f"org-{i}" for i in range(6)]


@st.composite
def elections(draw):
    categories = []
    for c in range(draw(st.integers(1, 2))):
        low = draw(st.integers(0, 2))
        high = low + draw(st.integers(1, 9))
        criteria = tuple(CriterionRule(f"c{c}-k{k}", draw(st.integers(1, 5))) for k in range(draw(st.integers(1, 3))))
        categories.append(CategoryRule(f"cat-{c}", f"Category {c}", low, high, criteria))
    nominations = [
        NominationRecord(
            f"nom-{c.category_id}-{i}",
            c.category_id,
            draw(st.sampled_from(ORGS)),
            draw(st.sampled_from(ORGS)),
            f"2021-05-{draw(st.integers(1, 3)):02d}T10:00:00+00:00",
        )
        for c in categories
        for i in range(draw(st.integers(0, 4)))
    ]
    jurors = [
        JurorRecord(f"juror-{j}", draw(st.none() | st.sampled_from(ORGS)), draw(st.booleans() | st.just(True)))
        for j in range(draw(st.integers(1, 6)))
    ]
    pairs = [(j.juror_id, n.nomination_id) for j in jurors for n in nominations]
    declared = set(draw(st.lists(st.sampled_from(pairs), max_size=4))) if pairs else set()
    rules = {c.category_id: c for c in categories}
    ballots = []
    for juror_id, nomination_id in draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []:
        category = rules[next(n.category_id for n in nominations if n.nomination_id == nomination_id)]
        scores = {r.criterion_id: draw(st.integers(category.scale_min, category.scale_max)) for r in category.criteria}
        nonce = draw(st.text("0123456789abcdef", min_size=8, max_size=8))
        digest = audit.comment_digest(None)
        ballots.append(
            BallotRecord(
                juror_id,
                nomination_id,
                scores,
                audit.receipt(nomination_id=nomination_id, scores=scores, comment_sha256=digest, nonce=nonce + juror_id),
                digest,
                nonce + juror_id,
            )
        )
    return dict(
        edition_id="ed-1",
        quorum=draw(st.integers(1, 3)),
        categories=categories,
        nominations=nominations,
        jurors=jurors,
        declared_conflicts=declared,
        ballots=ballots,
    )


def _shuffled(election, seed):
    rng = random.Random(seed)
    copy = dict(election)
    for key in ("categories", "nominations", "jurors", "ballots"):
        items = list(election[key])
        rng.shuffle(items)
        copy[key] = items
    return copy


@settings(max_examples=150, deadline=None)
@given(elections(), st.integers())
def test_the_order_of_ballots_does_not_change_the_result(election, seed):
    assert tally(count_ballots(**_shuffled(election, seed))) == tally(count_ballots(**election))


@settings(max_examples=150, deadline=None)
@given(elections())
def test_the_ranking_is_total_and_deterministic(election):
    result = tally(count_ballots(**election))
    assert result == tally(count_ballots(**election))
    for category in result["categories"]:
        expected = sorted(n.nomination_id for n in election["nominations"] if n.category_id == category["category_id"])
        ranking = category["ranking"]
        assert sorted(e["nomination_id"] for e in ranking) == expected
        assert [e["rank"] for e in ranking] == list(range(1, len(ranking) + 1))
        # Quorum first, then by score: the displayed scores never go up within the quorum group.
        met = [e for e in ranking if e["quorum_met"]]
        assert ranking[: len(met)] == met
        scores = [float(e["score"]) for e in met]
        assert scores == sorted(scores, reverse=True)
        assert category["winner"] == (met[0]["nomination_id"] if met else None)


@settings(max_examples=150, deadline=None)
@given(elections())
def test_recomputing_from_the_export_gives_the_published_result(election):
    counted = count_ballots(**election)
    export = json.loads(json.dumps(to_export(counted)))  # as an auditor reads it from a file
    assert recompute(export) == tally(counted)
    assert bad_receipts(export) == []


@settings(max_examples=150, deadline=None)
@given(elections())
def test_a_conflicted_jurors_ballot_is_never_counted(election):
    jurors = {j.juror_id: j for j in election["jurors"]}
    nominations = {n.nomination_id: n for n in election["nominations"]}
    conflicted = {
        b.receipt
        for b in election["ballots"]
        if is_conflicted(
            jurors[b.juror_id].organisation_id,
            nominations[b.nomination_id].nominee_id,
            nominations[b.nomination_id].nominator_id,
            (b.juror_id, b.nomination_id) in election["declared_conflicts"],
        )
    }
    result = tally(count_ballots(**election))
    assert not conflicted & set(result["receipts"])
    counted = sum(e["ballots"] for c in result["categories"] for e in c["ranking"])
    assert counted == len(result["receipts"])


@settings(max_examples=100, deadline=None)
@given(elections())
def test_every_accepted_juror_is_a_vote_a_conflict_or_an_abstention(election):
    accepted = sum(1 for j in election["jurors"] if j.accepted)
    for category in tally(count_ballots(**election))["categories"]:
        for entry in category["ranking"]:
            assert entry["ballots"] + entry["conflicts"] + entry["abstentions"] == accepted
