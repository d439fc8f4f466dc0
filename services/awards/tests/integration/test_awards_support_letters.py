"""Awards counts a supporting organisation as a member while its letter of support (membership.support_letter) is verified."""

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from contracts import Envelope
from contracts.membership import (
    Language,
    OrganisationKind,
    OrganisationRegistered,
    SignatureStatus,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)

from servicekit.inbox import RawMessage
from servicekit.testing import service_env

from awards.bootstrap import create_app
from awards.service_layer import handlers

T0 = datetime(2024, 5, 30, 10, tzinfo=UTC)
TCO = "7c0d1e9a-0000-4000-8000-0000000007c0"


@pytest.fixture
async def awards(database_url, monkeypatch, jwt_keys):
    service_env(monkeypatch, "awards", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1], run_consumers="false")
    app = create_app()
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        letters = runtime.consume("membership.support_letter", "test-letters", {
            SupportLetterVerified.event_type: handlers.on_support_letter_changed,
            SupportLetterWithdrawn.event_type: handlers.on_support_letter_changed})
        organisations = runtime.consume("membership.organisation", "test-organisations", {
            OrganisationRegistered.event_type: handlers.on_organisation_registered})
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://awards") as client:
            client.deliver = lambda event, at: (organisations if isinstance(event, OrganisationRegistered) else letters).handle(_message(event, at))
            yield client


def _message(event, at: datetime) -> RawMessage:
    envelope = Envelope(source="membership", type=event.event_type, subject=event.aggregate_id, correlationid="c", time=at)
    return RawMessage(topic=event.topic, key=event.aggregate_id.encode(), value=event.model_dump_json().encode(),
                      headers={k: v.decode() for k, v in envelope.to_headers()})


async def _member(awards) -> bool:
    response = await awards.get(f"/known-organisations/{TCO}")
    assert response.status_code == 200, response.text
    return response.json()["member"]


async def test_a_verified_letter_of_support_makes_a_member_until_withdrawn(awards):
    await awards.deliver(OrganisationRegistered(organisation_id=TCO, name="TCO Development", kind=OrganisationKind.SUPPORTING, country="SE",
                                                languages=[Language.EN], registered_at=T0), T0)
    assert await _member(awards) is False
    common = dict(support_letter_id="letter-1", organisation_id=TCO, document_id="letter-2023-01")
    await awards.deliver(SupportLetterVerified(**common, status=SignatureStatus.VERIFIED, verified_by="bob", verified_at=T0), T0)
    assert await _member(awards) is True
    later = T0 + timedelta(days=30)
    await awards.deliver(SupportLetterWithdrawn(**common, status=SignatureStatus.WITHDRAWN, withdrawn_on=date(2024, 6, 29), withdrawn_by="alice",
                                                withdrawn_at=later, reason="ended"), later)
    assert await _member(awards) is False
