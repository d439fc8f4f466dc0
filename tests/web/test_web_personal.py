"""The must-hold journey behind the e-mailed links, in a real browser: a Dutch visitor registers, the Dutch e-mail
arrives at a real SMTP server, its links open the personal pages; the calendar file parses (13:00-17:00 Brussels);
the visitor cancels; the first on the waiting list is promoted, and their own page then shows confirmed with a
working join page. Nobody else's data shows without the person's own link."""

from __future__ import annotations

import email
import email.policy
import re
import time
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import httpx
import icalendar
from playwright.sync_api import expect

from webstack import web_id

MEETING = "https://meet.example.org/j/kleine-conferentie"


def mail_to(platform, address: str, subject: str, timeout: float = 60) -> email.message.EmailMessage:
    """The message the platform sent to ``address`` whose subject starts with ``subject``, as the SMTP server received it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(platform.mail.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]) and str(message["Subject"]).startswith(subject):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no e-mail {subject!r} to {address} within {timeout}s")


def links_in(platform, message: email.message.EmailMessage) -> list[str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(re.escape(platform.web) + r"/[^\s<>\"]+", text)


def test_the_dutch_registrant_uses_the_emailed_links_cancels_and_the_waiting_list_moves_up(browser, platform):
    secretariat = platform.token("secretariat", "web-personal")
    day = (date.today() + timedelta(days=45)).isoformat()
    with httpx.Client(base_url=platform.urls["events"], headers={"Authorization": f"Bearer {secretariat}"}, timeout=30) as events:
        created = events.post("/events", json={
            "kind": "online_conference", "title": {"nl": "Kleine Fair ICT-conferentie", "en": "Small Fair ICT conference"},
            "languages": ["nl"], "starts_at": f"{day}T13:00:00", "ends_at": f"{day}T17:00:00", "join_url": MEETING,
            "capacity": 1, "waitlist": True})
        created.raise_for_status()
        event = created.json()["id"]
        events.post(f"/events/{event}/publish").raise_for_status()

    context = browser.new_context(base_url=platform.web, locale="nl-BE", extra_http_headers={"Accept-Language": "nl-BE,nl;q=0.9"})
    page = context.new_page()
    page.goto(f"/nl/events/{web_id('Event', event)}/register")
    page.get_by_label("Volledige naam", exact=True).fill("Lies Wouters")
    page.get_by_label("E-mailadres", exact=True).fill("lies.wouters@example.org")
    page.get_by_label(re.compile("^Ik ga akkoord")).check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent ingeschreven")
    # The next one gets the waiting list (registered in Dutch straight at the service).
    waiting = httpx.post(f"{platform.urls['events']}/events/{event}/registrations", timeout=10,
                         json={"name": "Bart Peeters", "email": "bart.peeters@example.org", "language": "nl", "consent": True}).json()
    assert waiting["status"] == "waitlisted"

    confirmation = mail_to(platform, "lies.wouters@example.org", "Inschrijving bevestigd: Kleine Fair ICT-conferentie")
    links = links_in(platform, confirmation)
    cancel_link = next(u for u in links if "/cancel?token=" in u)
    calendar_link = next(u for u in links if "/calendar.ics?token=" in u)
    assert all(u.startswith(f"{platform.web}/nl/registrations/") for u in (cancel_link, calendar_link))

    # The calendar file: it parses, 13:00 to 17:00 in Brussels.
    ics = page.request.get(calendar_link)
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    (vevent,) = icalendar.Calendar.from_ical(ics.body()).walk("VEVENT")
    brussels = ZoneInfo("Europe/Brussels")
    start, end = vevent.decoded("DTSTART").astimezone(brussels), vevent.decoded("DTEND").astimezone(brussels)
    assert (start.isoformat()[:10], start.hour, start.minute, end.hour, end.minute) == (day, 13, 0, 17, 0)

    # The cancel link: a page that asks first (a GET never cancels), with the way to the personal page.
    page.goto(cancel_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw inschrijving annuleren")
    page.get_by_role("link", name="Terug naar uw inschrijving").click()
    expect(page.locator("#status")).to_have_text("Uw inschrijving is bevestigd")
    expect(page.locator("main")).to_contain_text("Lies Wouters")
    page.get_by_role("link", name="Uw ticket").click()
    expect(page.get_by_role("img", name=re.compile(r"\S"))).to_be_visible()  # the QR code, drawn on the server
    ticket_code = page.locator(".ticket .code").inner_text()
    assert ticket_code and page.locator("svg.qr path").count() == 1
    page.get_by_role("link", name="Terug naar uw inschrijving").click()
    join_page = page.get_by_role("link", name="Neem deel aan het online evenement").get_attribute("href")

    page.get_by_role("link", name="Uw inschrijving annuleren").click()
    page.get_by_role("button", name="Ja, annuleer mijn inschrijving").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw inschrijving is geannuleerd")
    page.goto(join_page)  # her join link admits no one any more
    expect(page.locator("main")).to_contain_text("werkt alleen zolang uw inschrijving bevestigd is")
    assert page.get_by_role("link", name="Naar de vergadering").count() == 0

    # Bart moves up: his e-mail's link opens his own page, confirmed, with a join page that works.
    promoted = mail_to(platform, "bart.peeters@example.org", "Er is een plaats vrijgekomen: Kleine Fair ICT-conferentie")
    his_cancel = next(u for u in links_in(platform, promoted) if "/cancel?token=" in u)
    page.goto(his_cancel.replace("/cancel?", "?"))
    expect(page.locator("#status")).to_have_text("Uw inschrijving is bevestigd")
    expect(page.locator("main")).to_contain_text("Bart Peeters")
    page.get_by_role("link", name="Neem deel aan het online evenement").click()
    expect(page.get_by_role("link", name="Naar de vergadering")).to_have_attribute("href", MEETING)

    # No one's data without their own link: Lies's token does not open Bart's page; a forged token opens nothing.
    lies_token = cancel_link.split("token=")[1]
    for url in (f"/nl/registrations/{waiting['id']}?token={lies_token}", f"/nl/registrations/{waiting['id']}?token=forged",
                f"/nl/registrations/{waiting['id']}", f"/nl/registrations/{waiting['id']}/calendar.ics?token={lies_token}"):
        answer = page.goto(url)
        assert answer.status == 403, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Deze link is niet geldig")
        assert "Bart" not in page.content()
    context.close()
