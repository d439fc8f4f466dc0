"""The signature aggregate: which document, which dates, four-eyes and the lifecycle (plain Python)."""

from datetime import UTC, date, datetime

import pytest
from membership.domain.documents import DocumentKind, PactDocument
from membership.domain.errors import (
    FourEyesViolation,
    InvalidSignature,
    InvalidSigningDate,
    InvalidTransition,
    InvalidWithdrawalDate,
    WrongDocument,
)
from membership.domain.model import Language, Organisation, OrganisationKind
from membership.domain.signatures import Signature, SignatureStatus

NOW = datetime(2021, 6, 20, 12, 0, tzinfo=UTC)


def organisation(kind=OrganisationKind.COORDINATING, name="FIDO"):
    return Organisation.register(name=name, kind=kind, country="BE", website=None, languages=[Language.NL])


def document(kind=DocumentKind.PACT, published_on=date(2021, 6, 1)):
    return PactDocument.publish(kind=kind, version="2021-06", language=Language.EN, title="Circular and Fair ICT Pact",
                                published_on=published_on, sha256="a" * 64, media_type="application/pdf", filename="pact.pdf",
                                size=10, published_by="secretariat-1", now=NOW)


def record(org=None, doc=None, **overrides):
    fields = dict(organisation=org or organisation(), document=doc or document(), signatory_name="Jan Janssens",
                  signatory_function="Federal Minister for Sustainable Development", signed_on=date(2021, 6, 14),
                  signed_place="Brussels", evidence_sha256=None, recorded_by="alice", now=NOW)
    return Signature.record(**{**fields, **overrides})


@pytest.mark.parametrize("kind", [OrganisationKind.PROCURING, OrganisationKind.COORDINATING])
def test_participants_sign_the_pact(kind):
    signature = record(org=organisation(kind))
    assert signature.status is SignatureStatus.RECORDED and signature.document_kind is DocumentKind.PACT


def test_supporters_sign_the_letter_of_support():
    signature = record(org=organisation(OrganisationKind.SUPPORTING), doc=document(DocumentKind.LETTER_OF_SUPPORT))
    assert signature.document_kind is DocumentKind.LETTER_OF_SUPPORT


def test_the_wrong_document_names_the_one_the_organisation_signs():
    with pytest.raises(WrongDocument, match="signs the letter of support, not the pact"):
        record(org=organisation(OrganisationKind.SUPPORTING, name="TCO Development"))
    with pytest.raises(WrongDocument, match="signs the pact, not the letter of support"):
        record(doc=document(DocumentKind.LETTER_OF_SUPPORT))


def test_a_signing_date_in_the_future_is_refused():
    with pytest.raises(InvalidSigningDate, match="2021-06-22 is in the future"):
        record(signed_on=date(2021, 6, 22))


def test_a_signing_date_that_is_already_today_somewhere_on_earth_is_accepted():
    assert record(signed_on=date(2021, 6, 21)).signed_on == date(2021, 6, 21)  # 12:00 UTC is past midnight in Kiribati


def test_a_signing_date_before_publication_is_refused():
    with pytest.raises(InvalidSigningDate, match="before the pact version 2021-06 \\(en\\) was published on 2021-06-01"):
        record(signed_on=date(2021, 5, 31))


@pytest.mark.parametrize(("field", "value"), [("signatory_name", "  "), ("signed_place", ""), ("evidence_sha256", "abc")])
def test_fields_are_checked(field, value):
    with pytest.raises(InvalidSignature) as refused:
        record(**{field: value})
    assert refused.value.field == field


def test_verification_needs_a_second_person():
    signature = record()
    with pytest.raises(FourEyesViolation, match="another secretariat user"):
        signature.verify("alice", NOW)
    with pytest.raises(FourEyesViolation):
        signature.reject("alice", "duplicate", NOW)
    signature.verify("bob", NOW)
    assert (signature.status, signature.decided_by) == (SignatureStatus.VERIFIED, "bob")


def test_only_a_recorded_signature_can_be_verified_or_rejected():
    signature = record()
    signature.reject("bob", "The scan is unreadable.", NOW)
    assert signature.rejection_reason == "The scan is unreadable." and not signature.is_active
    with pytest.raises(InvalidTransition, match="rejected; only a recorded signature can be verified"):
        signature.verify("carol", NOW)
    with pytest.raises(InvalidTransition):
        signature.reject("carol", "again", NOW)


def test_only_a_verified_signature_can_be_withdrawn():
    signature = record()
    with pytest.raises(InvalidTransition, match="only a verified signature can be withdrawn"):
        signature.withdraw("bob", "left the pact", date(2021, 6, 20), NOW)
    signature.verify("bob", NOW)
    signature.withdraw("carol", "The ministry left the pact.", date(2021, 6, 20), NOW)
    assert signature.status is SignatureStatus.WITHDRAWN and signature.withdrawn_on == date(2021, 6, 20)
    assert not signature.is_active


@pytest.mark.parametrize(("withdrawn_on", "message"), [(date(2021, 6, 13), "before the signing date"), (date(2021, 7, 1), "in the future")])
def test_withdrawal_dates_are_checked(withdrawn_on, message):
    signature = record()
    signature.verify("bob", NOW)
    with pytest.raises(InvalidWithdrawalDate, match=message):
        signature.withdraw("carol", "left", withdrawn_on, NOW)
