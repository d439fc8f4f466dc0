"""Voting: accepted jurors score shortlisted nominations in secret; closing seals the result; publication reveals it."""

import pytest

from awards.domain import audit
from awards.domain.export import bad_receipts, recompute


@pytest.fixture
async def contest(awards):
    """An edition with two shortlisted good practices, a jury of three, voting open."""
    edition = await awards.edition(ceremony=await awards.ceremony())
    gent, kul, leuven = [await awards.organisation(n) for n in ("Stad Gent", "KU Leuven", "Stad Leuven")]
    first = await awards.shortlisted(edition, nominee=kul, nominator=gent)
    second = await awards.shortlisted(edition, nominee=leuven, nominator=gent)
    jurors = [await awards.juror(edition, name) for name in ("Ann Peeters", "Bart Maes")]
    jurors.append(await awards.juror(edition, "Chris Leuven", organisation_id=leuven))
    awards.clock.now = awards.VOTING
    return edition, (first, second), jurors


async def test_ballots_are_checked_against_the_scale_the_jury_and_conflicts(awards, contest):
    edition, (first, second), [(ann, ann_h), (bart, bart_h), (chris, chris_h)] = contest
    assert (await awards.ballot(first, ann_h, [6, 3], expect=422))["errors"][0]["field"].startswith("scores.")
    assert (await awards.ballot(first, ann_h, [0, 3], expect=422))["code"] == "BAD_USER_INPUT"
    assert (await awards.ballot(first, ann_h, [4], expect=422))["code"] == "BAD_USER_INPUT"  # a criterion left out
    # Chris works for Stad Leuven: blocked automatically on its nomination.
    assert (await awards.ballot(second, chris_h, [5, 5], expect=403))["code"] == "CONFLICT_OF_INTEREST"
    declared = await awards.client.post(
        f"/jurors/{bart['id']}/conflicts", json={"nomination_id": first["id"], "reason": "Former employer"}, headers=bart_h
    )
    assert declared.status_code == 201
    assert (await awards.ballot(first, bart_h, [5, 5], expect=403))["code"] == "CONFLICT_OF_INTEREST"
    conflicts = (await awards.client.get(f"/editions/{edition['id']}/conflicts", headers=awards.secretariat)).json()["items"]
    assert {(c["juror_name"], c["nomination_id"], c["automatic"]) for c in conflicts} == {
        ("Bart Maes", first["id"], False),
        ("Chris Leuven", second["id"], True),
    }
    # Someone else's juror id, and a juror who has not accepted.
    other = await awards.client.post(f"/jurors/{ann['id']}/conflicts", json={"nomination_id": first["id"], "reason": "x"}, headers=bart_h)
    assert other.status_code == 403 and other.json()["code"] == "NOT_YOUR_JUROR"
    _, dora_h = await awards.juror(edition, "Dora Invited", accept=False)
    assert (await awards.ballot(first, dora_h, [3, 3], expect=403))["code"] == "NOT_YOUR_JUROR"


async def test_a_juror_changes_their_ballot_while_voting_is_open_and_nothing_after_close(awards, contest):
    edition, (first, _), [(ann, ann_h), *_] = contest
    receipt1 = await awards.ballot(first, ann_h, [3, 3], comment="solid")
    receipt2 = await awards.ballot(first, ann_h, [4, 2])
    assert (receipt1["version"], receipt2["version"]) == (1, 2) and receipt1["receipt"] != receipt2["receipt"]
    own = (await awards.client.get(f"/nominations/{first['id']}/ballot", headers=ann_h)).json()
    assert own["current"]["scores"] == dict(zip([c["id"] for c in edition["categories"][0]["criteria"]], [4, 2]))
    assert [v["version"] for v in own["history"]] == [1, 2] and own["history"][0]["comment"] == "solid"

    closed = await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)
    assert closed.status_code == 200
    assert (await awards.ballot(first, ann_h, [5, 5], expect=409))["code"] == "VOTING_CLOSED"
    again = await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)
    assert again.status_code == 409 and again.json()["code"] == "VOTING_CLOSED"


async def test_voting_closes_by_the_clock_too(awards, contest):
    _, (first, _), [(_, ann_h), *_] = contest
    awards.clock.now = awards.CLOSED
    assert (await awards.ballot(first, ann_h, [5, 5], expect=409))["code"] == "VOTING_CLOSED"


async def test_nobody_reads_another_jurors_scores(awards, contest):
    edition, (first, _), [(ann, ann_h), (bart, bart_h), _] = contest
    await awards.ballot(first, ann_h, [5, 4], comment="Ann's secret view")
    # Bart sees no ballot of Ann's: not on the nomination, not through Ann's juror id.
    assert (await awards.client.get(f"/nominations/{first['id']}/ballot", headers=bart_h)).status_code == 404
    assert (await awards.client.get(f"/jurors/{ann['id']}/ballots", headers=bart_h)).status_code == 403
    assert (await awards.client.get(f"/jurors/{bart['id']}/ballots", headers=bart_h)).json()["items"] == []
    # The secretariat has no ballot reading at all, and no export or result before the close.
    assert (await awards.client.get(f"/nominations/{first['id']}/ballot", headers=awards.secretariat)).status_code == 403
    assert (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).json()["code"] == "VOTING_OPEN"
    assert (await awards.client.get(f"/editions/{edition['id']}/results", headers=awards.secretariat)).status_code == 404
    await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)
    assert (await awards.client.get(f"/jurors/{ann['id']}/ballots", headers=bart_h)).status_code == 403
    export = (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).text
    assert ann["id"] not in export and "Ann's secret view" not in export


async def test_sealed_results_are_published_with_receipts_and_recompute_identically(awards, contest):
    edition, (first, second), [(ann, ann_h), (bart, bart_h), (chris, chris_h)] = contest
    receipts = [
        (await awards.ballot(first, ann_h, [5, 4]))["receipt"],
        (await awards.ballot(second, ann_h, [3, 3]))["receipt"],
        (await awards.ballot(first, bart_h, [4, 4]))["receipt"],
        (await awards.ballot(first, chris_h, [2, 2]))["receipt"],
    ]
    assert (await awards.client.get(f"/editions/{edition['id']}/commitment")).status_code == 404

    commitment = (await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)).json()["commitment"]
    assert (await awards.client.get(f"/editions/{edition['id']}/commitment")).json()["commitment"] == commitment
    assert (await awards.client.get(f"/editions/{edition['id']}/results")).status_code == 404  # public: not yet
    preview = (await awards.client.get(f"/editions/{edition['id']}/results", headers=awards.secretariat)).json()
    assert preview["published"] is False and preview["nonce"] is None

    published = await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=awards.secretariat)
    assert published.status_code == 200
    results = (await awards.client.get(f"/editions/{edition['id']}/results")).json()
    good_practice = (
        results["result"]["categories"][0] if results["result"]["categories"][0]["ranking"] else results["result"]["categories"][1]
    )
    ranking = good_practice["ranking"]
    assert [e["nomination_id"] for e in ranking] == [first["id"], second["id"]]
    # first: Ann (3*5+4)/4 = 4.75, Bart 4, Chris 2 -> mean 3.583333; second: Ann only (Chris blocked), below quorum 2
    assert ranking[0]["score"] == "3.583333" and ranking[0]["ballots"] == 3 and ranking[0]["quorum_met"]
    assert (ranking[1]["ballots"], ranking[1]["quorum_met"], ranking[1]["conflicts"], ranking[1]["abstentions"]) == (1, False, 1, 1)
    assert good_practice["winner"] == first["id"] and results["nominee_names"][first["nominee_id"]] == "KU Leuven"
    assert sorted(results["result"]["receipts"]) == sorted(receipts)
    check = await awards.client.get(f"/editions/{edition['id']}/receipts/{receipts[0]}")
    assert check.json()["counted"] is True

    assert audit.commitment_matches(results["result"], results["nonce"], commitment)
    checked = await awards.client.post(
        "/audit/commitment-check", json={"result": results["result"], "nonce": results["nonce"], "commitment": commitment}
    )
    assert checked.json() == {"matches": True}
    tampered = {**results["result"], "receipts": results["result"]["receipts"][1:]}
    assert (
        await awards.client.post("/audit/commitment-check", json={"result": tampered, "nonce": results["nonce"], "commitment": commitment})
    ).json() == {"matches": False}

    export = (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).json()
    assert recompute(export) == results["result"] and bad_receipts(export) == []
    statuses = {n["id"]: n["status"] for n in (await awards.client.get(f"/editions/{edition['id']}/nominations")).json()["items"]}
    assert statuses == {first["id"]: "winner", second["id"]: "not_winner"}
    again = await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=awards.secretariat)
    assert again.status_code == 409 and again.json()["code"] == "RESULTS_PUBLISHED"
