"""A person's erasure (person.erasure_requested.v1) through awards' inbox consumer, and the export.

The erased juror's ballots keep counting under their id: results, commitment, receipts and the
audit export verify exactly as before. Their name and address are gone from every table.
"""

import json
import uuid
from datetime import UTC, datetime

import pytest
from contracts import Envelope
from contracts.privacy import PersonErasureRequested, person_hash
from servicekit.inbox import RawMessage
from servicekit.testing import bearer, personal_data_left
from sqlalchemy import select

from awards.adapters.orm import erasures, outbox
from awards.domain.export import bad_receipts, recompute
from awards.entrypoints.tally_cli import main as tally_main

ANN = {"name": "Ann Peeters", "email": "ann.peeters@example.org"}
BART = {"name": "Bart Maes", "email": "bart.maes@example.org"}


def _request(request_id: str | None = None) -> PersonErasureRequested:
    return PersonErasureRequested(request_id=request_id or str(uuid.uuid4()), email_hash=person_hash(ANN["email"], kind="email"),
                                  name_hashes=[person_hash(ANN["name"], kind="name")], requested_by="secretariat-1",
                                  requested_at=datetime.now(UTC))


def _message(event: PersonErasureRequested) -> RawMessage:
    envelope = Envelope(source="membership", type=event.event_type, subject=event.aggregate_id, correlationid="c")
    return RawMessage(topic=event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


async def _deliver(awards, message: RawMessage) -> None:
    consumer = next(s.consumer for s in awards.runtime.subscriptions if s.consumer.name == "privacy-erasure")
    await consumer.handle(message)


async def _outbox(awards) -> list[tuple[str, dict]]:
    async with awards.runtime.engine.connect() as conn:
        return [(t, json.loads(p)) for t, p in (await conn.execute(select(outbox.c.type, outbox.c.payload).order_by(outbox.c.seq))).all()]


async def _export_person(awards, who: dict, names=()) -> dict:
    response = await awards.client.post("/privacy/export", json={"email": who["email"], "names": list(names)}, headers=awards.secretariat)
    assert response.status_code == 200, response.text
    return response.json()["records"]


@pytest.fixture
async def voting(awards):
    """Voting open: Ann and Bart have scored both nominations; Bart's comment and conflict reason name Ann."""
    edition = await awards.edition(quorum=1)
    gent = await awards.organisation("Stad Gent")
    nominations = [await awards.shortlisted(edition, nominee=await awards.organisation(n), nominator=gent) for n in ("KU Leuven", "UGent")]
    (ann, ann_h), (bart, bart_h) = [await awards.juror(edition, who["name"]) for who in (ANN, BART)]
    conflict = {"nomination_id": nominations[1]["id"], "reason": "Ann Peeters and I advise UGent together"}
    assert (await awards.client.post(f"/jurors/{bart['id']}/conflicts", json=conflict, headers=bart_h)).status_code == 201
    awards.clock.now = awards.VOTING
    receipts = [
        (await awards.ballot(nominations[0], ann_h, [5, 3]))["receipt"],
        (await awards.ballot(nominations[1], ann_h, [2, 4]))["receipt"],
        (await awards.ballot(nominations[0], bart_h, [4, 4], comment="Agree with ANN PEETERS (ann.peeters@example.org) here"))["receipt"],
    ]
    return edition, nominations, (ann, ann_h), (bart, bart_h), receipts


async def _close_and_publish(awards, edition, publisher: dict | None = None) -> dict:
    commitment = (await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)).json()["commitment"]
    published = await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=publisher or awards.secretariat)
    assert published.status_code == 200, published.text
    results = (await awards.client.get(f"/editions/{edition['id']}/results")).json()
    export = (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).json()
    return {"commitment": commitment, "results": results, "export": export}


async def test_erasing_a_juror_of_a_published_edition_changes_no_result_and_leaves_nothing_of_them(awards, voting, tmp_path, capsys):
    edition, nominations, (ann, ann_h), (bart, bart_h), receipts = voting
    # Ann also works for the secretariat: her token's subject (her address) is recorded as who published the results.
    before = await _close_and_publish(awards, edition, publisher=bearer(awards._token("secretariat", subject=ANN["email"])))
    exported = await _export_person(awards, ANN)
    assert {k: len(v) for k, v in exported.items()} == {"juror": 1, "ballot_receipt": 2, "recorded_as_actor": 1, "mentioned_in": 2}
    assert {r["receipt"] for r in exported["ballot_receipt"]} == set(receipts[:2]) and "scores" not in str(exported)

    request = _request()
    await _deliver(awards, _message(request))

    after = await _published_documents(awards, edition)
    assert after == {"results": before["results"], "export": before["export"]}
    assert recompute(after["export"]) == after["results"]["result"] and bad_receipts(after["export"]) == []
    (tmp_path / "results.json").write_text(json.dumps(after["results"]))
    assert tally_main(["check-commitment", str(tmp_path / "results.json"), "--commitment", before["commitment"]]) == 0
    capsys.readouterr()
    for receipt in receipts:
        assert (await awards.client.get(f"/editions/{edition['id']}/receipts/{receipt}")).json()["counted"] is True

    denied = await awards.client.get(f"/jurors/{ann['id']}", headers=ann_h)
    assert (denied.status_code, denied.json()["code"]) == (403, "JUROR_ERASED")
    assert (await awards.client.get(f"/jurors/{bart['id']}", headers=bart_h)).status_code == 200
    juror = (await awards.client.get(f"/jurors/{ann['id']}", headers=awards.secretariat)).json()
    assert (juror["name"], juror["email"], juror["status"]) == ("[erased]", f"erased-{ann['id']}@erased.invalid", "accepted")

    assert await personal_data_left(awards.runtime.engine, {ANN["email"], ANN["name"]}) == []
    assert await personal_data_left(awards.runtime.engine, {BART["email"], BART["name"]})  # Bart stays
    completed = [p for t, p in await _outbox(awards) if t == "person.erasure_completed.v1"]
    assert [(c["request_id"], c["service"], c["erased"]) for c in completed] == [(request.request_id, "awards", {"juror": 1, "actor": 1, "free_text": 2})]
    assert await _export_person(awards, ANN) == {}
    async with awards.runtime.engine.connect() as conn:
        assert (await conn.execute(select(erasures.c.request_id, erasures.c.email_hash))).all() == [(request.request_id, request.email_hash)]

    rows = await _outbox(awards)
    await _deliver(awards, _message(request))  # the same envelope again
    await _deliver(awards, _message(request))  # the same request in a new envelope
    assert await _outbox(awards) == rows


async def _published_documents(awards, edition) -> dict:
    """What anyone reads of a published edition (closing and publishing again are refused)."""
    results = (await awards.client.get(f"/editions/{edition['id']}/results")).json()
    export = (await awards.client.get(f"/editions/{edition['id']}/export", headers=awards.secretariat)).json()
    return {"results": results, "export": export}


async def test_an_erasure_while_voting_is_open_keeps_the_jurors_ballots_counted_and_the_receipts_valid(awards, voting):
    edition, nominations, (ann, ann_h), _, receipts = voting
    await _deliver(awards, _message(_request()))
    # A redacted comment still verifies: its receipt was made with the comment as cast.
    published = await _close_and_publish(awards, edition)
    assert bad_receipts(published["export"]) == [] and recompute(published["export"]) == published["results"]["result"]
    assert sorted(published["results"]["result"]["receipts"]) == sorted(receipts)
    entry = next(c for c in published["results"]["result"]["categories"] if c["ranking"])["ranking"]
    assert {e["nomination_id"]: e["ballots"] for e in entry} == {nominations[0]["id"]: 2, nominations[1]["id"]: 1}
    assert await personal_data_left(awards.runtime.engine, {ANN["email"], ANN["name"]}) == []


async def test_the_export_is_for_staff_and_refuses_a_bad_body(awards):
    body = {"email": ANN["email"]}
    assert (await awards.client.post("/privacy/export", json=body)).status_code == 401
    assert (await awards.client.post("/privacy/export", json=body, headers=awards.member(str(uuid.uuid4())))).status_code == 403
    operator = await awards.client.post("/privacy/export", json=body, headers=bearer(awards._token("operator")))
    assert operator.status_code == 200 and operator.json() == {"service": "awards", "records": {}}
    for bad in ({}, {"email": "nobody"}, {"email": ANN["email"], "names": [1, 2]}, {"email": ANN["email"], "extra": True}):
        refused = await awards.client.post("/privacy/export", json=bad, headers=awards.secretariat)
        assert refused.status_code == 422 and refused.json()["code"] == "BAD_USER_INPUT", bad
