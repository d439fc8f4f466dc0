"""Registration journeys in a real browser (Debian's chromium): with JavaScript off and on, in Dutch, a full event,
a closed one, a wrong e-mail address, and the keyboard only."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from webstack import web_id


def registrations(platform, event: str) -> list[dict]:
    token = platform.token("secretariat", "web-tests-reader")
    answer = httpx.get(f"{platform.urls['events']}/events/{event}/registrations", params={"first": 200},
                       headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()["items"]


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript-off", "javascript-on"])
def test_a_dutch_visitor_finds_the_conference_and_registers(browser, platform, javascript):
    context = browser.new_context(base_url=platform.web, locale="nl-BE", java_script_enabled=javascript,
                                  extra_http_headers={"Accept-Language": "nl-BE,nl;q=0.9,en;q=0.5"})
    page = context.new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/nl/$"))
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Evenementen").click()
    page.get_by_role("link", name="Fair ICT Flanders conferentie 2027").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fair ICT Flanders conferentie 2027")
    expect(page.locator(".programme li").first).to_contain_text("13:00")
    page.get_by_role("link", name="Schrijf u in voor dit evenement").click()

    email = f"an.peeters.{'js' if javascript else 'nojs'}@example.org"
    page.get_by_label("Volledige naam", exact=True).fill("An Peeters")
    page.get_by_label("E-mailadres", exact=True).fill(email)
    page.get_by_label(re.compile("^Organisatie")).fill("Vlaamse overheid")
    expect(page.get_by_label("Nederlands")).to_be_checked()  # the page's language is the first guess
    page.get_by_label(re.compile("^Ik ga akkoord")).check()
    page.get_by_role("button", name="Inschrijven").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("U bent ingeschreven")
    assert re.search(r"/nl/events/[A-Za-z0-9_-]+/registration$", page.url), page.url
    assert "@" not in page.url and "peeters" not in page.url.lower(), "no personal data in the URL"
    expect(page.locator("main")).to_contain_text("We hebben u een e-mail gestuurd")
    page.reload()  # the result survives a reload (it is in the signed cookie, not in the URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent ingeschreven")
    context.close()

    (mine,) = [r for r in registrations(platform, platform.events["conference"]) if r["email"] == email]
    assert (mine["name"], mine["language"], mine["status"]) == ("An Peeters", "nl", "confirmed")


def test_a_full_event_puts_the_visitor_on_the_waiting_list_with_their_position(page, platform):
    page.goto(f"/en/events/{web_id('Event', platform.events['full'])}")
    expect(page.locator("main")).to_contain_text("All seats are taken. You can still register")
    page.get_by_role("link", name="Register for this event").click()
    page.get_by_label("Full name").fill("Ivo Bonajo")
    page.get_by_label("E-mail address", exact=True).fill("ivo.bonajo@example.org")
    page.get_by_label(re.compile("^I agree")).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waiting list")
    expect(page.locator(".position")).to_have_text("Your place on the waiting list: 1")


def test_an_invalid_email_shows_the_error_next_to_the_field_in_the_pages_language(page, platform):
    page.goto(f"/de/events/{web_id('Event', platform.events['conference'])}/register")
    page.get_by_label("Vollständiger Name").fill("Boris Verbrugge")
    page.get_by_label("E-Mail-Adresse", exact=True).fill("boris.verbrugge(at)example.org")
    page.get_by_role("button", name="Anmelden").click()

    summary = page.locator(".error-summary")
    expect(summary.get_by_role("heading")).to_have_text("Es gibt ein Problem")
    expect(summary.get_by_role("link", name=re.compile("gültige E-Mail-Adresse"))).to_have_attribute("href", "#email")
    expect(summary.get_by_role("link", name=re.compile("Kreuzen Sie das Kästchen an"))).to_have_attribute("href", "#consent")
    email = page.get_by_label("E-Mail-Adresse", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_value("boris.verbrugge(at)example.org")  # the answers stay
    expect(page.locator("#email-error")).to_contain_text("Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.org")
    assert "email-error" in email.get_attribute("aria-describedby")
    expect(page).to_have_title(re.compile("^Fehler:"))
    summary.get_by_role("link", name=re.compile("gültige E-Mail-Adresse")).click()
    expect(email).to_be_focused()


def test_after_the_deadline_the_page_says_registration_is_closed(page, platform):
    closed = web_id("Event", platform.events["closed"])
    page.goto(f"/fr/events/{closed}")
    expect(page.locator("main")).to_contain_text("Les inscriptions sont closes.")
    expect(page.get_by_role("link", name="S'inscrire à cet événement")).to_have_count(0)
    page.goto(f"/fr/events/{closed}/register")
    expect(page.locator("main")).to_contain_text("Les inscriptions sont closes.")
    expect(page.locator("form[method=post]")).to_have_count(0)


def test_the_keyboard_alone_completes_a_registration(page, platform):
    page.goto(f"/en/events/{web_id('Event', platform.events['conference'])}")

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
                outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {selector}"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("a.skip-link")
    tab_to("a.button")  # Register for this event
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register$"))
    tab_to("#name")
    page.keyboard.type("Ineke Vlot")
    tab_to("#email")
    page.keyboard.type("ineke.vlot.keyboard@example.org")
    tab_to("input[name=language]:checked")
    page.keyboard.press("ArrowDown")  # English -> Nederlands
    tab_to("#consent")
    page.keyboard.press("Space")
    tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are registered")
    (mine,) = [r for r in registrations(platform, platform.events["conference"]) if r["email"] == "ineke.vlot.keyboard@example.org"]
    assert mine["language"] == "nl"
