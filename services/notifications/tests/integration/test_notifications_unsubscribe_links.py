"""Unsubscribe links say nothing about whom they are for: no address in any URL of a message, nor in its headers,
however the URL is decoded; RFC 8058 one-click still works; links in mail sent before keep working for a while."""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote, urlsplit

import pytest
from contracts.events import RegistrationConfirmed, ReminderDue
from contracts.membership import SignatureRecorded
from itsdangerous import URLSafeSerializer
from servicekit.testing import bearer, eventually

URL = re.compile(r"""https?://[^\s<>"']+""")
LEGACY_SALT = "notifications.unsubscribe"  # how links were signed before they were stored (test-link-secret: conftest)


def decodings(text: str) -> set[str]:
    """The text, percent-decoded, and every piece of it that decodes as base64 (standard or URL-safe, with or without
    padding, also each dot-separated part, as in signed tokens)."""
    found = {text, unquote(text)}
    for piece in re.split(r"[/?&=.#]", unquote(text)):
        for alphabet in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                found.add(alphabet(piece + "=" * (-len(piece) % 4)).decode("utf-8", "replace"))
            except (binascii.Error, ValueError):
                pass
    return found


def urls_of(message) -> list[str]:
    """Every URL in the message: in any header and in every text part (plain, HTML, attachments)."""
    texts = [str(value) for _, value in message.items()]
    texts += [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
    return [url for text in texts for url in URL.findall(text)]


async def test_no_address_in_any_link_or_header_and_one_click_still_unsubscribes(service, mailbox, samples, token):
    org, to = str(uuid.uuid4()), f"Kim.Claes.{uuid.uuid4().hex[:6]}@leuven.example"
    await service.deliver(samples.organisation(org, [(to, "nl", True)]))
    await service.deliver(samples.signature(SignatureRecorded, org))  # membership updates: can be switched off
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="en", registration_id="reg-u"))
    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-u"))  # event reminders
    await eventually(lambda: mailbox.count(to), expect=3)

    messages = mailbox.messages(to)
    headers = [m["List-Unsubscribe"] for m in messages if m["List-Unsubscribe"]]
    assert len(headers) == 2 and len(set(headers)) == 2  # one link per category
    everywhere = [url for m in messages for url in urls_of(m)]
    assert len(everywhere) > 4  # the links in the bodies and headers were found at all
    for url in everywhere:
        for decoded in decodings(url):
            assert to.lower() not in decoded.lower() and "leuven.example" not in decoded, (url, decoded)
    for m in messages:  # nor anywhere in the headers but To
        for name, value in m.items():
            assert name == "To" or to.lower() not in str(value).lower(), name

    reminder = next(m for m in messages if m["Subject"].startswith("Tomorrow"))
    url = reminder["List-Unsubscribe"].strip().strip("<>")
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in reminder.get_body(preferencelist=("plain",)).get_content()  # the same link in the footer
    path = urlsplit(url).path
    page = await service.get(path)
    assert page.status_code == 200 and "event reminders" in page.text  # a GET changes nothing
    one_click = await service.post(path, content="List-Unsubscribe=One-Click", headers={"content-type": "application/x-www-form-urlencoded"})
    assert one_click.status_code == 200, one_click.text
    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-u", reminder="1h", reminder_id="reg-u:1h"))
    kinds = (await service.get("/deliveries", params={"recipient": to}, headers=bearer(token("operator")))).json()["items"]
    assert sorted(d["kind"] for d in kinds) == ["registration_confirmed", "reminder", "signature_recorded"]  # no second reminder


def legacy_token(recipient: str, category: str, language: str = "en", secret: str = "test-link-secret") -> str:
    """A link as messages carried it before (the address in signed base64 JSON)."""
    return URLSafeSerializer(secret, salt=LEGACY_SALT).dumps({"r": recipient, "c": category, "l": language})


async def test_links_in_mail_sent_before_still_unsubscribe_during_the_transition(service, token, samples, mailbox):
    to = f"old.{uuid.uuid4().hex[:6]}@gent.example"
    page = await service.get(f"/unsubscribe/{legacy_token(to, 'event_reminders', 'nl')}")
    assert page.status_code == 200 and "herinneringen aan evenementen" in page.text
    assert (await service.post(f"/unsubscribe/{legacy_token(to, 'event_reminders', 'nl')}")).status_code == 200
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="en", registration_id="reg-o"))
    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-o"))
    await eventually(lambda: mailbox.count(to), expect=1)
    kinds = (await service.get("/deliveries", params={"recipient": to}, headers=bearer(token("operator")))).json()["items"]
    assert [d["kind"] for d in kinds] == ["registration_confirmed"]


@pytest.mark.parametrize("notifications_env", [{"legacy_unsubscribe_links_until": (datetime.now(UTC) - timedelta(days=1)).date().isoformat()}])
async def test_links_in_mail_sent_before_are_refused_after_the_transition(service, notifications_env):
    response = await service.post(f"/unsubscribe/{legacy_token('late@gent.example', 'event_reminders')}")
    assert response.status_code == 404 and response.json()["code"] == "INVALID_LINK"


async def test_invalid_forged_or_transactional_links_are_refused(service):
    for bad in ("not-a-token", "x" * 500, legacy_token("a@b.example", "event_reminders", secret="someone-elses-secret"),
                "eyJyIjoiYUBiLmV4YW1wbGUiLCJjIjoiZXZlbnRfcmVtaW5kZXJzIn0.forged"):
        response = await service.post(f"/unsubscribe/{bad}")
        assert response.status_code == 404 and response.json()["code"] == "INVALID_LINK", bad
    transactional = await service.post(f"/unsubscribe/{legacy_token('a@b.example', 'transactional')}")
    assert transactional.status_code == 422 and transactional.json()["code"] == "CATEGORY_NOT_SWITCHABLE"


@pytest.mark.parametrize("notifications_env", [{"web_url": "https://pact.example.org/"}])
async def test_with_a_web_site_the_bodys_link_opens_its_page_and_the_header_stays_one_click(service, mailbox, samples, notifications_env):
    to = f"web.{uuid.uuid4().hex[:6]}@gent.example"
    await service.deliver(samples.registration(ReminderDue, to, language="fr", registration_id="reg-w"))
    await eventually(lambda: mailbox.count(to), expect=1)
    message = mailbox.messages(to)[0]
    header = message["List-Unsubscribe"].strip().strip("<>")
    token = header.rsplit("/", 1)[1]
    assert header == f"http://notifications.test/unsubscribe/{token}"  # RFC 8058: the service takes the one-click POST
    for kind in ("plain", "html"):
        body = message.get_body(preferencelist=(kind,)).get_content()
        assert f"https://pact.example.org/fr/unsubscribe/{token}" in body and header not in body

    # The site reads and switches the link through its JSON twin (via the gateway): category and language, no address.
    state = await service.get(f"/unsubscribe-links/{token}")
    assert state.status_code == 200 and state.json() == {"category": "event_reminders", "language": "fr", "subscribed": True}
    assert (await service.post(f"/unsubscribe-links/{token}/unsubscribe")).json()["subscribed"] is False
    assert (await service.get(f"/unsubscribe-links/{token}")).json()["subscribed"] is False
    assert (await service.post(f"/unsubscribe-links/{token}/resubscribe")).json()["subscribed"] is True
    missing = await service.get("/unsubscribe-links/no-such-token")
    assert missing.status_code == 404 and missing.json()["code"] == "INVALID_LINK"
