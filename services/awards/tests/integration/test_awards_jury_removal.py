"""Removing a juror until voting ends: their ballots stop counting, and their token stops working everywhere."""

import uuid

import pytest

from awards.domain.export import bad_receipts, recompute
from servicekit.testing import bearer


@pytest.fixture
async def contest(awards):
    """An edition with one shortlisted good practice, a jury of three who have all voted, voting open."""
    edition = await awards.edition()
    gent, kul = await awards.organisation("Stad Gent"), await awards.organisation("KU Leuven")
    nomination = await awards.shortlisted(edition, nominee=kul, nominator=gent)
    jurors = [await awards.juror(edition, name) for name in ("Ann Peeters", "Bart Maes", "Chris Claes")]
    awards.clock.now = awards.VOTING
    receipts = [(await awards.ballot(nomination, headers, scores))["receipt"] for (_, headers), scores in zip(jurors, ([5, 5], [1, 1], [4, 4]))]
    return edition, nomination, jurors, receipts


def _juror_routes(juror_id: str, nomination_id: str) -> list[tuple[str, str, dict | None]]:
    """Every route a juror token may call."""
    return [
        ("GET", f"/jurors/{juror_id}", None),
        ("POST", f"/jurors/{juror_id}/acceptance", None),
        ("POST", f"/jurors/{juror_id}/conflicts", {"nomination_id": nomination_id, "reason": "My neighbour works there"}),
        ("GET", f"/jurors/{juror_id}/ballots", None),
        ("GET", f"/nominations/{nomination_id}/ballot", None),
        ("PUT", f"/nominations/{nomination_id}/ballot", {"scores": {}, "comment": None}),
    ]


async def _refused_everywhere(awards, juror_id: str, nomination_id: str, code: str) -> list[str]:
    messages = []
    for method, path, body in _juror_routes(juror_id, nomination_id):
        response = await awards.client.request(method, path, json=body, headers=awards.as_juror(juror_id))
        assert (response.status_code, response.json()["code"]) == (403, code), (method, path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        messages.append(response.json()["detail"])
    return messages


async def test_a_removed_jurors_ballots_stop_counting_and_their_token_is_refused(awards, contest):
    edition, nomination, [(ann, _), (bart, _), (chris, chris_h)], receipts = contest
    url = f"/jurors/{bart['id']}/removal"
    assert (await awards.client.post(url, json={"reason": "x"}, headers=awards.member(str(uuid.uuid4())))).status_code == 403
    assert (await awards.client.post(url, json={"reason": "x"}, headers=chris_h)).status_code == 403
    assert (await awards.client.post(url, json={}, headers=awards.secretariat)).json()["code"] == "BAD_USER_INPUT"
    assert (await awards.client.post(url, json={"reason": "   "}, headers=awards.secretariat)).status_code == 422
    missing = await awards.client.post(f"/jurors/{uuid.uuid4()}/removal", json={"reason": "x"}, headers=awards.secretariat)
    assert missing.status_code == 404

    removed = await awards.client.post(url, json={"reason": "Undeclared consultancy for a nominee."}, headers=awards.secretariat)
    assert removed.status_code == 200, removed.text
    assert (removed.json()["status"], removed.json()["removal_reason"]) == ("removed", "Undeclared consultancy for a nominee.")
    again = await awards.client.post(url, json={"reason": "Another reason"}, headers=bearer(awards._token("operator")))
    assert again.status_code == 200 and again.json() == removed.json()  # the first removal stands

    messages = await _refused_everywhere(awards, bart["id"], nomination["id"], "JUROR_REMOVED")
    assert "Undeclared consultancy" in messages[0] and "secretariat" in messages[0]
    await _refused_everywhere(awards, str(uuid.uuid4()), nomination["id"], "JUROR_UNKNOWN")
    assert (await awards.client.get(f"/jurors/{chris['id']}", headers=chris_h)).status_code == 200  # the others vote on
    listed = (await awards.client.get(f"/editions/{edition['id']}/jurors", headers=awards.secretariat)).json()["items"]
    assert {j["id"]: j["status"] for j in listed}[bart["id"]] == "removed"

    await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)
    await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=awards.secretariat)
    results = (await awards.client.get(f"/editions/{edition['id']}/results")).json()
    entry = next(c for c in results["result"]["categories"] if c["ranking"])["ranking"][0]
    assert (entry["ballots"], entry["score"]) == (2, "4.500000")  # Ann 5 and Chris 4; Bart's 1 is not counted
    assert sorted(results["result"]["receipts"]) == sorted([receipts[0], receipts[2]])
    assert (await awards.client.get(f"/editions/{edition['id']}/receipts/{receipts[1]}")).json()["counted"] is False
    export = (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).json()
    assert recompute(export) == results["result"] and bad_receipts(export) == []

    late = await awards.client.post(f"/jurors/{ann['id']}/removal", json={"reason": "Too late"}, headers=awards.secretariat)
    assert late.status_code == 409 and late.json()["code"] == "VOTING_CLOSED"


async def test_no_removal_once_voting_has_ended_even_before_it_is_sealed(awards, contest):
    _, _, [(ann, _), *_], _ = contest
    awards.clock.now = awards.CLOSED  # past voting_closes_at; the scheduler has not sealed the result yet
    late = await awards.client.post(f"/jurors/{ann['id']}/removal", json={"reason": "Too late"}, headers=awards.secretariat)
    assert late.status_code == 409 and late.json()["code"] == "VOTING_CLOSED"
