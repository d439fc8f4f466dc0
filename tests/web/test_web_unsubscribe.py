"""The unsubscribe link of a real e-mail (caught by the real SMTP server) opens the site's page in the e-mail's
language; a GET changes nothing, the visitor confirms, sees the result and can undo it. A bad token gives a clear
page. No page shows to whom the link belongs."""

from __future__ import annotations

import email
import email.policy
import re
import time

import httpx
import pytest
from playwright.sync_api import expect

from web.i18n import Localiser
from webstack import unsubscribe_link

TEXTS = {  # heading, confirm button, result, undo button, result after undo
    "en": ("Your e-mail preferences", "Unsubscribe", "Done: you will no longer receive", "Subscribe again", "Done: you receive"),
    "nl": ("Uw e-mailvoorkeuren", "Uitschrijven", "Gelukt: u ontvangt geen", "Opnieuw inschrijven", "Gelukt: u ontvangt opnieuw"),
    "fr": ("Vos préférences d'e-mail", "Se désabonner", "C'est fait : vous ne recevrez plus", "Se réabonner", "C'est fait : vous recevez à nouveau"),
    "de": ("Ihre E-Mail-Einstellungen", "Abmelden", "Erledigt: Sie erhalten keine", "Wieder anmelden", "Erledigt: Sie erhalten wieder"),
}


def a_message_with_an_unsubscribe_link(platform, timeout: float = 60) -> email.message.EmailMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(platform.mail.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["List-Unsubscribe"]:
                return message
        time.sleep(0.5)
    raise AssertionError(f"no e-mail with an unsubscribe link within {timeout}s")


def subscribed(platform, token: str) -> bool:
    return httpx.get(f"{platform.urls['notifications']}/unsubscribe-links/{token}", timeout=10).json()["subscribed"]


def test_the_emails_unsubscribe_link_opens_the_sites_page_confirms_and_undoes_in_the_emails_language(browser, platform):
    message = a_message_with_an_unsubscribe_link(platform)
    header = message["List-Unsubscribe"].strip().strip("<>")
    assert header.startswith(platform.urls["notifications"] + "/unsubscribe/")  # RFC 8058 one-click stays at the service
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = re.findall(re.escape(platform.web) + r"/(en|nl|fr|de)/unsubscribe/([A-Za-z0-9_-]+)", text)
    language, token = link
    assert header.endswith(f"/{token}") and f'href="{platform.web}/{language}/unsubscribe/{token}"' in message.get_body(
        preferencelist=("html",)).get_content()
    heading, confirm, result, undo, undone = TEXTS[language]
    recipient = email.utils.parseaddr(str(message["To"]))[1]

    context = browser.new_context(base_url=platform.web)
    page = context.new_page()
    page.goto(f"{platform.web}/{language}/unsubscribe/{token}")
    assert page.locator("html").get_attribute("lang") == language
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert recipient.lower() not in page.content().lower()
    assert subscribed(platform, token)  # opening the page changed nothing
    page.get_by_role("button", name=confirm).click()
    page.wait_for_url(f"**/{language}/unsubscribe/{token}/done")
    expect(page.get_by_role("status")).to_contain_text(result)
    assert not subscribed(platform, token)
    page.get_by_role("button", name=undo).click()
    page.wait_for_url(f"**/{language}/unsubscribe/{token}/done")
    expect(page.get_by_role("status")).to_contain_text(undone)
    assert subscribed(platform, token)
    context.close()


@pytest.mark.parametrize("language", ["en", "nl", "fr", "de"])
def test_every_language_confirms_and_a_bad_token_gives_a_clear_page(page, platform, language):
    token = unsubscribe_link(platform, f"page.{language}@example.org", "awards_updates", language)
    heading, confirm, result, undo, _ = TEXTS[language]
    page.goto(f"/{language}/unsubscribe/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("button", name=confirm).click()
    expect(page.get_by_role("status")).to_contain_text(result)
    expect(page.get_by_role("button", name=undo)).to_be_visible()
    assert not subscribed(platform, token)

    for bad in ("not-a-token", "x" * 40, "a.b"):
        response = page.goto(f"/{language}/unsubscribe/{bad}")
        assert response.status == 403 and page.locator("html").get_attribute("lang") == language
        expect(page.get_by_role("heading", level=1)).to_have_text(Localiser(language).gettext("This link is not valid"))
        assert page.locator("form[method=post]").count() == 0


def test_a_form_without_its_csrf_token_changes_nothing(platform):
    token = unsubscribe_link(platform, "csrf@example.org", "event_reminders", "en")
    answer = httpx.post(f"{platform.web}/en/unsubscribe/{token}", data={"x": "1"}, timeout=10)
    assert answer.status_code == 400 and "There is a problem" in answer.text
    assert subscribed(platform, token)
