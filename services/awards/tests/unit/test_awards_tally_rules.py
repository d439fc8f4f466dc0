"""The tally's arithmetic and tie-break rule on small, hand-checked cases."""

from awards.domain import audit
from awards.domain.tally import BallotRecord, CategoryRule, CriterionRule, JurorRecord, NominationRecord, count_ballots, tally

PRACTICE = CategoryRule("good-practice", "Good practice", 1, 5, (CriterionRule("impact", 3), CriterionRule("replicability", 1)))
JURY = [JurorRecord(f"j{i}", None, True) for i in range(3)]


def _nomination(nid, submitted="2021-05-01T10:00:00+00:00"):
    return NominationRecord(nid, "good-practice", f"org-{nid}", "nominator", submitted)


def _ballot(juror, nid, impact, replicability):
    scores = {"impact": impact, "replicability": replicability}
    return BallotRecord(juror, nid, scores, audit.receipt(nomination_id=nid, scores=scores, comment_sha256="", nonce=juror), "", juror)


def _ranking(nominations, ballots, quorum=1):
    result = tally(
        count_ballots(
            edition_id="e",
            quorum=quorum,
            categories=[PRACTICE],
            nominations=nominations,
            jurors=JURY,
            declared_conflicts=set(),
            ballots=ballots,
        )
    )
    return result["categories"][0]


def test_weighted_mean_of_the_ballots():
    category = _ranking([_nomination("a")], [_ballot("j0", "a", 5, 1), _ballot("j1", "a", 4, 4)])
    # ballots: (3*5 + 1)/4 = 4 and (3*4 + 4)/4 = 4; criteria means 4.5 and 2.5
    assert category["ranking"][0]["score"] == "4.000000"
    assert category["ranking"][0]["criteria"] == {"impact": "4.500000", "replicability": "2.500000"}
    assert category["ranking"][0]["abstentions"] == 1


def test_equal_scores_are_decided_by_the_heaviest_criterion_then_ballots_then_submission():
    # a: impact 4, replicability 4 -> 4.0 ; b: impact 5, replicability 1 -> 4.0 ; b wins on impact (weight 3)
    category = _ranking([_nomination("a"), _nomination("b")], [_ballot("j0", "a", 4, 4), _ballot("j0", "b", 5, 1)])
    assert [e["nomination_id"] for e in category["ranking"]] == ["b", "a"]
    # identical ballots: the earlier submission ranks first, whatever the ids
    category = _ranking(
        [_nomination("a", "2021-05-02T00:00:00+00:00"), _nomination("b", "2021-05-01T00:00:00+00:00")],
        [_ballot("j0", "a", 3, 3), _ballot("j0", "b", 3, 3)],
    )
    assert [e["nomination_id"] for e in category["ranking"]] == ["b", "a"]


def test_below_the_quorum_a_nomination_ranks_last_and_cannot_win():
    category = _ranking(
        [_nomination("a"), _nomination("b")], [_ballot("j0", "a", 5, 5), _ballot("j0", "b", 2, 2), _ballot("j1", "b", 2, 2)], quorum=2
    )
    assert [e["nomination_id"] for e in category["ranking"]] == ["b", "a"]
    assert category["winner"] == "b"
    category = _ranking([_nomination("a")], [_ballot("j0", "a", 5, 5)], quorum=2)
    assert category["winner"] is None and category["ranking"][0]["quorum_met"] is False
