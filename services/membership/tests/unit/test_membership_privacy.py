"""The plain rules behind erasure: who a request names, what a commitment hides, when a request is complete."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from membership.domain.errors import ErasurePending, InvalidErasureRequest
from membership.domain.privacy import Answer, ErasureRequest, Person
from membership.domain.register import canonical_body, commit_personal, disclosure_matches

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_a_person_is_recognised_by_normalised_hashes_only():
    person = Person.of(" Jan.Janssens@Example.org ", ["Jan  Janssens", "jan janssens"])
    assert person.has_email("jan.janssens@example.org") and not person.has_email("jan@example.org")
    assert person.has_name("JAN JANSSENS") and not person.has_name("Jan Jansens")
    assert len(person.name_hashes) == 1  # the same name twice is one hash
    request = ErasureRequest.file(person, reason="Asked by jan janssens (JAN.JANSSENS@example.org)", requested_by="alice", now=T0)
    assert "janssens" not in request.reason.casefold() and request.reason.count("[erased]") == 2
    assert "jan" not in json.dumps([request.email_hash, request.name_hashes])


@pytest.mark.parametrize("email, names, field", [("jan", [], "email"), ("a@b.org", [""], "names.0"), ("a@b.org", ["x" * 301], "names.0")])
def test_a_person_must_be_named_properly(email, names, field):
    with pytest.raises(InvalidErasureRequest) as refused:
        Person.of(email, names)
    assert refused.value.field == field


def test_a_request_completes_when_the_expected_services_answered_and_the_first_answer_counts():
    request = ErasureRequest.file(Person.of("a@b.org"), reason="GDPR", requested_by="alice", now=T0)
    expected = ["membership", "events"]
    assert request.answered(Answer("membership", {}, T0), expected) and request.status == "pending"
    assert request.answered(Answer("awards", {"ballot": 1}, T0), expected) and request.status == "pending"  # not expected: recorded anyway
    assert request.answered(Answer("events", {"registration": 1}, T0 + timedelta(minutes=2)), expected)
    assert request.status == "completed" and request.completed_at == T0 + timedelta(minutes=2)
    assert not request.answered(Answer("events", {"registration": 7}, T0 + timedelta(minutes=3)), expected)
    assert request.answers["events"].erased == {"registration": 1}


def test_a_pending_request_refuses_to_stand_for_more_names():
    request = ErasureRequest.file(Person.of("a@b.org", ["A B"]), reason="GDPR", requested_by="alice")
    request.covers(Person.of("A@B.org", ["a  b"]))
    with pytest.raises(ErasurePending):
        request.covers(Person.of("a@b.org", ["A B", "C D"]))


def test_a_commitment_hides_the_value_and_its_disclosure_opens_only_that_value():
    data = {"signature_id": "s1", "signatory_name": "Jan Janssens", "signatory_function": "Minister", "signed_place": "Brussels"}
    committed, disclosures = commit_personal(3, data)
    body = canonical_body(seq=3, event_id="e", event_type="membership.signature.recorded.v1", subject="s1", time="t", data=committed)
    assert "Jan" not in body and "Minister" not in body and "Brussels" in body
    for d in disclosures:
        assert disclosure_matches(body, d.field, d.value, d.salt)
        assert not disclosure_matches(body, d.field, d.value + " ", d.salt)
        assert not disclosure_matches(body, d.field, d.value, "00" * 32)
    assert not disclosure_matches(body, "signed_place", "Brussels", disclosures[0].salt)  # not a committed field
    assert not disclosure_matches(body, "signatory_name", "Jan Janssens", "not hex")
    # Two recordings by the same person commit differently: a commitment does not link entries or confirm a guess.
    again, _ = commit_personal(4, data)
    assert again["signatory_name"] != committed["signatory_name"]


def test_a_token_subject_names_the_person_as_an_address_or_a_name():
    person = Person.of("jan@example.org", ["Jan Janssens"])
    assert person.is_subject("JAN@example.org") and person.is_subject("jan janssens")
    assert not person.is_subject("alice") and not person.is_subject("jan@example.com") and not person.is_subject(None)
