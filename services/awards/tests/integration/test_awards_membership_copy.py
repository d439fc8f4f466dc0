"""Awards learns membership only from membership's events, in whatever order different signatures' events arrive."""

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from contracts import Envelope
from contracts.membership import (
    DocumentKind,
    Language,
    OrganisationKind,
    OrganisationRegistered,
    SignatureStatus,
    SignatureVerified,
    SignatureWithdrawn,
)

from servicekit.inbox import RawMessage
from servicekit.testing import service_env

from awards.bootstrap import create_app
from awards.service_layer import handlers

T0 = datetime(2021, 6, 14, 10, tzinfo=UTC)
ORG = "3f0c1e9a-0000-4000-8000-00000000f1d0"


@pytest.fixture
async def awards(database_url, monkeypatch, jwt_keys):
    service_env(monkeypatch, "awards", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1], run_consumers="false")
    app = create_app()
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        consumer = runtime.consume("membership.signature", "test-signatures", {
            SignatureVerified.event_type: handlers.on_signature_changed, SignatureWithdrawn.event_type: handlers.on_signature_changed})
        organisations = runtime.consume("membership.organisation", "test-organisations", {
            OrganisationRegistered.event_type: handlers.on_organisation_registered})
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://awards") as client:
            client.deliver = lambda event, at: (organisations if isinstance(event, OrganisationRegistered) else consumer).handle(_message(event, at))
            yield client


def _message(event, at: datetime) -> RawMessage:
    envelope = Envelope(source="membership", type=event.event_type, subject=event.aggregate_id, correlationid="c", time=at)
    return RawMessage(topic=event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


def _signature(event_class, signature_id, status, at, **extra):
    common = dict(signature_id=signature_id, organisation_id=ORG, document_id="doc-2021-06", document_kind=DocumentKind.PACT, status=status)
    if event_class is SignatureVerified:
        return SignatureVerified(**common, verified_by="bob", verified_at=at)
    return SignatureWithdrawn(**common, withdrawn_on=date(2023, 1, 1), withdrawn_by="alice", withdrawn_at=at, reason="left", **extra)


async def _member(awards) -> bool:
    response = await awards.get(f"/known-organisations/{ORG}")
    assert response.status_code == 200, response.text
    return response.json()["member"]


async def test_membership_follows_verified_and_withdrawn_signatures_in_any_order(awards):
    await awards.deliver(OrganisationRegistered(organisation_id=ORG, name="FIDO", kind=OrganisationKind.COORDINATING, country="BE",
                                                languages=[Language.NL], registered_at=T0), T0)
    assert await _member(awards) is False

    await awards.deliver(_signature(SignatureVerified, "sig-1", SignatureStatus.VERIFIED, T0), T0)
    assert await _member(awards) is True

    # The organisation signs again after withdrawing; the new signature's event overtakes the withdrawal
    # (different signatures, different partitions).
    await awards.deliver(_signature(SignatureVerified, "sig-2", SignatureStatus.VERIFIED, T0 + timedelta(days=800)), T0 + timedelta(days=800))
    await awards.deliver(_signature(SignatureWithdrawn, "sig-1", SignatureStatus.WITHDRAWN, T0 + timedelta(days=600)), T0 + timedelta(days=600))
    assert await _member(awards) is True

    await awards.deliver(_signature(SignatureWithdrawn, "sig-2", SignatureStatus.WITHDRAWN, T0 + timedelta(days=900)), T0 + timedelta(days=900))
    assert await _member(awards) is False
