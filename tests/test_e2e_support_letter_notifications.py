"""A letter of support, recorded and verified through membership's HTTP API, reaches the supporter's contacts by e-mail
(each in their own language) and the supporter's webhook, through the broker: the events membership really publishes on
membership.support_letter, consumed by notifications, sent to a real SMTP server (aiosmtpd) and a real HTTP receiver."""

from __future__ import annotations

import email
import email.policy
import uuid

import httpx
import pytest
from notifications.adapters.mailcatcher import start_mailcatcher
from servicekit.localbroker import LocalBroker, free_port
from servicekit.testing import RunningServer, bearer, eventually, service_env
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

LETTER_TYPES = ["membership.support_letter.recorded.v1", "membership.support_letter.verified.v1"]


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of the test's own: services that stop here must not leave consumer groups on the shared one."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


class Receiver:
    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.app = Starlette(routes=[Route("/hook", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.body()))
        return Response(status_code=204)


@pytest.fixture
async def system(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from membership.bootstrap import create_app as membership_app
    from notifications.bootstrap import create_app as notifications_app

    smtp_port = free_port()
    mail = start_mailcatcher(tmp_path / "mail", port=smtp_port)
    service_env(monkeypatch, "membership", database_url=f"sqlite+aiosqlite:///{tmp_path / 'membership.db'}", kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2")
    service_env(monkeypatch, "notifications", database_url=await postgres.create("notifications_letters"), kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2", smtp_port=str(smtp_port), link_secret="letters-test",
                public_base_url="http://notifications.test", dispatch_poll_seconds="0.05", allow_private_webhooks="true")
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    receiver = Receiver()
    try:
        async with RunningServer(membership_app()) as m, RunningServer(notifications_app()) as n, RunningServer(receiver.app) as r:
            yield {"membership": m.url, "notifications": n.url, "receiver": receiver, "hook": f"{r.url}/hook", "mail": tmp_path / "mail"}
    finally:
        mail.stop()


def messages_to(directory, address: str) -> list[email.message.EmailMessage]:
    found = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(directory.glob("*.eml"))]
    return [m for m in found if address in str(m["To"])]


async def test_a_letter_recorded_and_verified_through_membership_mails_the_contacts_and_calls_the_webhook(system, token):
    alice, bob = bearer(token("secretariat", subject="alice")), bearer(token("secretariat", subject="bob"))
    german, french, silent = (f"{who}.{uuid.uuid4().hex[:6]}@watch.example" for who in ("anna", "claire", "piet"))
    async with httpx.AsyncClient(base_url=system["membership"], timeout=30) as membership, \
            httpx.AsyncClient(base_url=system["notifications"], timeout=30) as notifications:
        organisation = await membership.post("/organisations", headers=alice, json={
            "name": f"Electronics Watch {uuid.uuid4().hex[:6]}", "kind": "supporting", "subkind": "monitoring_body", "country": "NL",
            "languages": ["en"], "names": {"de": "Electronics Watch (DE)", "fr": "Electronics Watch (FR)"},
            "contacts": [{"name": "Anna Weber", "email": german, "language": "de", "consent_on": "2024-01-10"},
                         {"name": "Claire Dubois", "email": french, "language": "fr", "consent_on": "2024-01-10"},
                         {"name": "Piet de Vries", "email": silent, "language": "nl"}]})  # no consent: never written to
        assert organisation.status_code == 201, organisation.text
        org = organisation.json()["id"]
        member = bearer(token("member", org=org))
        subscription = await notifications.post("/webhooks/subscriptions", headers=member, json={"url": system["hook"], "event_types": LETTER_TYPES})
        assert subscription.status_code == 201, subscription.text

        async def organisation_known() -> bool:  # the contacts' copy exists: letter events will find the organisation
            export = await notifications.post("/privacy/export", headers=alice, json={"email": german})
            return bool(export.json()["records"].get("contacts"))

        assert await eventually(organisation_known, timeout=30)
        form = {"kind": "letter_of_support", "version": "2023-01", "language": "en", "title": "Letter of support", "published_on": "2023-01-16"}
        document = await membership.post("/documents", headers=alice, data=form, files={"file": ("letter.pdf", b"%PDF letter", "application/pdf")})
        assert document.status_code == 201, document.text
        letter = await membership.post("/support-letters", headers=alice, json={
            "organisation_id": org, "document_id": document.json()["id"], "signatory_name": "Dr. Jens Müller", "signatory_function": "Director",
            "signed_on": "2024-05-30", "signed_place": "Amsterdam"})
        assert letter.status_code == 201, letter.text
        verified = await membership.post(f"/support-letters/{letter.json()['id']}/verify", headers=bob)
        assert verified.status_code == 200, verified.text

    mail = system["mail"]
    async def mails() -> int:
        return len(messages_to(mail, german)) + len(messages_to(mail, french))

    await eventually(mails, expect=4, timeout=30)
    assert sorted(m["Subject"] for m in messages_to(mail, german)) == [
        "Unterstützungsschreiben geprüft: vielen Dank, Electronics Watch (DE)", "Unterstützungsschreiben von Electronics Watch (DE) erhalten"]
    assert sorted(m["Subject"] for m in messages_to(mail, french)) == [
        "Lettre de soutien reçue de Electronics Watch (FR)", "Lettre de soutien vérifiée : merci, Electronics Watch (FR)"]
    received = next(m for m in messages_to(mail, german) if "erhalten" in m["Subject"])
    assert "Dr. Jens Müller, Director" in received.get_body(preferencelist=("plain",)).get_content()
    assert messages_to(mail, silent) == []

    receiver = system["receiver"]
    async def calls() -> int:
        return len(receiver.received)

    await eventually(calls, expect=2, timeout=30)
    payloads = [Webhook(subscription.json()["secret"]).verify(body, headers) for headers, body in receiver.received]  # the reference library
    assert sorted(p["type"] for p in payloads) == LETTER_TYPES
    assert {p["data"]["support_letter_id"] for p in payloads} == {letter.json()["id"]}
    assert {p["data"]["organisation_id"] for p in payloads} == {org}
