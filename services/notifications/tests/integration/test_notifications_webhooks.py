"""Webhooks over real HTTP: members manage their own subscriptions; receivers verify the signature; failing ones get switched off."""

import time
import uuid

import pytest
from contracts.membership import SignatureRecorded, SignatureVerified
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from servicekit.testing import RunningServer, bearer, eventually
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from notifications.domain import webhooks


class Receiver:
    """A webhook receiver on a real port, answering with ``status``."""

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.status = 204
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.body()))
        return Response(status_code=self.status)

    async def count(self) -> int:
        return len(self.received)


@pytest.fixture
async def receiver():
    r = Receiver()
    async with RunningServer(r.app) as server:
        r.url = f"{server.url}/hook"
        yield r


@pytest.fixture
def notifications_env() -> dict[str, str]:
    return {"delivery_max_attempts": "2", "webhook_disable_after_failures": "2"}


async def _subscribe(service, token, org, url, types=("membership.signature.verified.v1",)):
    response = await service.post("/webhooks/subscriptions", json={"url": url, "event_types": list(types)}, headers=bearer(token("member", org=org)))
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_member_receives_its_own_events_signed_and_the_receiver_verifies_them(service, receiver, samples, token):
    org, other = str(uuid.uuid4()), str(uuid.uuid4())
    subscription = await _subscribe(service, token, org, receiver.url)
    assert subscription["secret"].startswith("whsec_") and subscription["organisation_id"] == org
    await service.deliver(samples.organisation(org, []))
    await service.deliver(samples.organisation(other, []))
    await service.deliver(samples.signature(SignatureVerified, other, signature_id="sig-other"))  # not about this member
    await service.deliver(samples.signature(SignatureRecorded, org))  # a type it did not subscribe to
    await service.deliver(samples.signature(SignatureVerified, org))

    await eventually(receiver.count, expect=1)
    headers, body = receiver.received[0]
    payload = Webhook(subscription["secret"]).verify(body, headers)  # the reference implementation
    assert payload["type"] == "membership.signature.verified.v1" and payload["data"]["organisation_id"] == org
    webhooks.verify(subscription["secret"], headers, body, now=int(time.time()))  # and our small verifier
    with pytest.raises(WebhookVerificationError):
        Webhook(subscription["secret"]).verify(body.replace(org.encode(), other.encode()), headers)
    with pytest.raises(webhooks.WebhookVerificationError):
        webhooks.verify(subscription["secret"], headers, body, now=int(time.time()) + 3600)

    async def statuses():
        log = await service.get("/deliveries", params={"channel": "webhook"}, headers=bearer(token("member", org=org)))
        return [d["status"] for d in log.json()["items"]]

    await eventually(statuses, expect=["sent"])  # received a moment before the dispatcher records it
    assert (await service.get("/deliveries", headers=bearer(token("member", org=other)))).json()["items"] == []


async def test_members_manage_only_their_own_subscriptions(service, receiver, token):
    org = str(uuid.uuid4())
    subscription = await _subscribe(service, token, org, receiver.url)
    stranger = bearer(token("member", org=str(uuid.uuid4())))
    assert (await service.get(f"/webhooks/subscriptions/{subscription['id']}", headers=stranger)).status_code == 404
    assert (await service.delete(f"/webhooks/subscriptions/{subscription['id']}", headers=stranger)).status_code == 404
    assert (await service.get("/webhooks/subscriptions", headers=stranger)).json() == {"items": []}
    operator = await service.get("/webhooks/subscriptions", headers=bearer(token("operator")))
    assert subscription["id"] in [s["id"] for s in operator.json()["items"]]
    types = (await service.get("/webhooks/event-types")).json()["event_types"]
    assert "membership.signature.verified.v1" in types and "events.registration.join_link_released.v1" not in types
    assert (await service.post("/webhooks/subscriptions", json={"url": receiver.url, "event_types": ["x"]})).status_code == 401

    rotated = await service.post(f"/webhooks/subscriptions/{subscription['id']}/rotate-secret", headers=bearer(token("member", org=org)))
    assert rotated.status_code == 200 and rotated.json()["secret"] != subscription["secret"]
    bad = await service.post("/webhooks/subscriptions", json={"url": receiver.url, "event_types": ["events.registration.join_link_released.v1"]},
                             headers=bearer(token("member", org=org)))
    assert bad.status_code == 422 and bad.json()["code"] == "UNKNOWN_EVENT_TYPE"  # the personal join link is never sent to webhooks
    ftp = await service.post("/webhooks/subscriptions", json={"url": "ftp://example.org/x", "event_types": ["membership.signature.verified.v1"]},
                             headers=bearer(token("member", org=org)))
    assert ftp.status_code == 422 and ftp.json()["code"] == "BAD_USER_INPUT"


async def test_a_subscription_that_keeps_failing_is_switched_off_and_its_owner_told(service, receiver, samples, token, mailbox):
    org, contact = str(uuid.uuid4()), f"it.{uuid.uuid4().hex[:6]}@gent.example"
    await service.deliver(samples.organisation(org, [(contact, "nl", False)]))  # told even without consent: it is about their own setup
    subscription = await _subscribe(service, token, org, receiver.url)
    receiver.status = 500
    await service.deliver(samples.signature(SignatureVerified, org, signature_id="s1"))
    await service.deliver(samples.signature(SignatureVerified, org, signature_id="s2"))

    async def disabled():
        got = await service.get(f"/webhooks/subscriptions/{subscription['id']}", headers=bearer(token("member", org=org)))
        return got.json()["active"] is False and got.json()

    state = await eventually(disabled)
    assert state["consecutive_failures"] == 2 and "HTTP 500" in state["disabled_reason"]
    await eventually(lambda: mailbox.count(contact), expect=1)
    assert mailbox.messages(contact)[0]["Subject"] == "Webhook uitgeschakeld voor Stad Gent"
    async with service.runtime.uow() as uow:
        from sqlalchemy import select

        types = (await uow.session.execute(select(service.runtime.outbox.c.type))).scalars().all()
    assert "notifications.webhook_subscription.disabled.v1" in types

    # Fixed and switched back on: a failed delivery can be replayed.
    receiver.status = 200
    member = bearer(token("member", org=org))
    assert (await service.patch(f"/webhooks/subscriptions/{subscription['id']}", json={"active": True}, headers=member)).json()["active"]
    failed = (await service.get("/deliveries", params={"status": "failed"}, headers=member)).json()["items"]
    assert len(failed) == 2
    assert (await service.post(f"/deliveries/{failed[0]['id']}/replay", headers=member)).status_code == 202
    await eventually(receiver.count, expect=5)  # 2 deliveries x 2 attempts, then the replay
    headers, body = receiver.received[-1]
    assert Webhook(subscription["secret"]).verify(body, headers)["type"] == "membership.signature.verified.v1"


@pytest.mark.parametrize("notifications_env", [{"allow_private_webhooks": "false"}])
async def test_private_and_loopback_targets_are_refused_outside_development(service, token, notifications_env):
    for url in ("http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest/meta-data"):
        response = await service.post("/webhooks/subscriptions", json={"url": url, "event_types": ["membership.signature.verified.v1"]},
                                      headers=bearer(token("operator")))
        assert response.status_code == 422, url
        assert response.json()["code"] == "WEBHOOK_URL_NOT_ALLOWED" and "non-public" in response.json()["detail"]


async def test_oversized_or_malformed_subscriptions_are_refused_with_problems(service, token):
    operator = bearer(token("operator"))
    for body in ({"url": "https://example.org/" + "x" * 2100, "event_types": ["membership.signature.verified.v1"]},
                 {"url": "https://example.org/h", "event_types": ["membership.signature.verified.v1"], "organisation_id": "o" * 40},
                 {"url": "https://example.org/h", "event_types": []},
                 {"url": "not a url", "event_types": ["membership.signature.verified.v1"]}):
        response = await service.post("/webhooks/subscriptions", json=body, headers=operator)
        assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT", response.text
    missing = await service.patch("/webhooks/subscriptions/nope", json={"active": True}, headers=operator)
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
