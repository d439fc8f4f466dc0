"""Webhook subscriptions and the delivery log through the gateway, in front of the real notifications service."""

from __future__ import annotations

import uuid

import pytest
from contracts import Envelope
from contracts.events import EventKind, EventSnapshot, Registrant, RegistrationConfirmed, RegistrationStatus
from contracts.membership import Language
from gateway.node import global_id
from notifications.bootstrap import create_app as create_notifications_app
from notifications.settings import Settings as NotificationsSettings
from servicekit.inbox import RawMessage
from servicekit.localbroker import free_port
from servicekit.testing import RunningServer

CREATE = """
mutation Create($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { id url eventTypes organisationId active secret }
}
"""
MINE = "{ webhooks { totalCount nodes { id url active } } webhookEventTypes }"
DELIVERIES = """
query Deliveries($status: DeliveryStatus, $recipient: String) {
  deliveries(first: 10, status: $status, recipient: $recipient) {
    totalCount nodes { id channel kind language status attempts lastError subject }
  }
}
"""


@pytest.fixture(scope="module")
async def notifications(tmp_path_factory, jwt_keys):
    """The notifications service with an SMTP server that never answers: deliveries stay pending with their errors."""
    settings = NotificationsSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('notifications') / 'n.db'}", kafka_bootstrap_servers="127.0.0.1:1",
        jwt_public_key=jwt_keys[1], log_json=True, run_consumers=False, link_secret="s", smtp_port=free_port(), retry_base_seconds=3600,
        allow_private_webhooks=True)
    app = create_notifications_app(settings)
    async with RunningServer(app) as server:
        server.runtime = app.state.runtime
        yield server


@pytest.fixture(scope="module")
async def graphql_n(gateway_server, notifications, graphql_at):
    async with gateway_server(notifications_url=notifications.url) as server:
        yield graphql_at(server.url)


async def test_a_member_manages_its_webhooks_through_the_gateway(graphql_n, token):
    org = str(uuid.uuid4())
    member = token("member", org=org)
    created = await graphql_n(CREATE, {"input": {"url": "http://127.0.0.1:9/hook", "eventTypes": ["membership.signature.verified.v1"]}}, token=member)
    assert "errors" not in created, created
    subscription = created["data"]["createWebhookSubscription"]
    assert subscription["organisationId"] == global_id("Organisation", org) and subscription["active"] and subscription["secret"].startswith("whsec_")

    mine = await graphql_n(MINE, token=member)
    assert [s["id"] for s in mine["data"]["webhooks"]["nodes"]] == [subscription["id"]] and mine["data"]["webhooks"]["totalCount"] == 1
    assert "membership.signature.verified.v1" in mine["data"]["webhookEventTypes"]
    others = await graphql_n(MINE, token=token("member", org=str(uuid.uuid4())))
    assert others["data"]["webhooks"]["nodes"] == []

    off = await graphql_n('mutation($id: ID!) { updateWebhookSubscription(id: $id, input: {active: false}) { active } }',
                          {"id": subscription["id"]}, token=member)
    assert off["data"]["updateWebhookSubscription"]["active"] is False
    bad = await graphql_n(CREATE, {"input": {"url": "http://127.0.0.1:9/hook", "eventTypes": ["no.such.event.v1"]}}, token=member)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    anonymous = await graphql_n(MINE)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_operators_read_the_delivery_log_through_the_gateway(graphql_n, notifications, token):
    to = f"an.{uuid.uuid4().hex[:6]}@gent.example"
    snapshot = EventSnapshot(event_id="e1", kind=EventKind.WEBINAR, title={Language.NL: "Webinar circulaire ICT"},
                             starts_at="2021-11-25T12:00:00Z", ends_at="2021-11-25T13:00:00Z", online=True, languages=[Language.NL])
    event = RegistrationConfirmed(registration_id="r1", event_id="e1", registrant=Registrant(name="An", email=to, language=Language.NL),
                                  event=snapshot, status=RegistrationStatus.CONFIRMED, ticket_code="T1", cancel_url="https://x/c",
                                  calendar_url="https://x/ics", confirmed_at="2021-11-01T09:00:00Z")
    envelope = Envelope(source="events", type=event.event_type, subject="r1", correlationid="c")
    await notifications.runtime.consumer_for_topic[event.topic].handle(RawMessage(
        topic=event.topic, key=b"r1", value=event.model_dump_json().encode(), headers={k: v.decode() for k, v in envelope.to_headers()}))

    body = await graphql_n(DELIVERIES, {"recipient": to}, token=token("operator"))
    assert "errors" not in body, body
    [delivery] = body["data"]["deliveries"]["nodes"]
    assert delivery["kind"] == "registration_confirmed" and delivery["channel"] == "EMAIL" and delivery["language"] == "nl"
    assert delivery["subject"] == "Inschrijving bevestigd: Webinar circulaire ICT"
    forbidden = await graphql_n(DELIVERIES, token=token("secretariat"))
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


LINK = "query($token: String!) { unsubscribeLink(token: $token) { category language subscribed } }"
SWITCH = "mutation($token: String!) { %s(token: $token) { category language subscribed } }"


async def test_whoever_holds_an_unsubscribe_link_reads_and_switches_it_through_the_gateway(graphql_n, notifications):
    from datetime import UTC, datetime

    to = f"kim.{uuid.uuid4().hex[:6]}@leuven.example"
    async with notifications.runtime.uow() as uow:
        link = await uow.unsubscribe_links.token_for(to, "event_reminders", "de", datetime.now(UTC))
        await uow.commit()

    read = await graphql_n(LINK, {"token": link})  # no caller token: the link is the credential
    assert read == {"data": {"unsubscribeLink": {"category": "EVENT_REMINDERS", "language": "de", "subscribed": True}}}
    assert "leuven" not in str(read)
    off = await graphql_n(SWITCH % "unsubscribe", {"token": link})
    assert off["data"]["unsubscribe"]["subscribed"] is False
    async with notifications.runtime.uow() as uow:
        assert not await uow.preferences.subscribed(to, "event_reminders")
    assert (await graphql_n(LINK, {"token": link}))["data"]["unsubscribeLink"]["subscribed"] is False
    back = await graphql_n(SWITCH % "resubscribe", {"token": link})
    assert back["data"]["resubscribe"] == {"category": "EVENT_REMINDERS", "language": "de", "subscribed": True}

    for bad in ("no-such-token", "..", "", "x" * 600, "a/b"):
        refused = await graphql_n(LINK, {"token": bad})
        assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "NOT_FOUND", (bad, refused)
        refused = await graphql_n(SWITCH % "unsubscribe", {"token": bad})
        assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND", (bad, refused)
