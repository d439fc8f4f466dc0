"""axe-core (WCAG 2.2 AA rules) finds nothing on any page, in any of the four languages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from webstack import unsubscribe_link, web_id

LANGUAGES = ["en", "nl", "fr", "de"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def paths(platform) -> dict[str, str]:
    import httpx

    awards = httpx.get(f"{platform.web}/en/awards").text
    edition = re.search(r'href="/en(/awards/[A-Za-z0-9_-]+)"', awards).group(1)
    fido = next(i for n, i in platform.organisations.items() if "FIDO" in n)
    return {
        "home": "/", "signatories": "/signatories", "organisation": f"/organisations/{web_id('Organisation', fido)}",
        "events": "/events", "past events": "/events?when=past&kind=ONLINE_CONFERENCE",
        "event": f"/events/{web_id('Event', platform.events['fair_ict_flanders_2021'])}",
        "upcoming event": f"/events/{web_id('Event', platform.events['conference'])}",
        "registration form": f"/events/{web_id('Event', platform.events['conference'])}/register",
        "closed registration": f"/events/{web_id('Event', platform.events['closed'])}/register",
        "awards": "/awards", "edition": edition, "public register": "/register",
        "accessibility": "/accessibility", "privacy": "/privacy", "not found": "/events/AAAA",
        **personal_paths(platform), **unsubscribe_paths(platform),
    }


def unsubscribe_paths(platform) -> dict[str, str]:
    """The unsubscribe page of a link still on, the result page of one switched off, and a bad link."""
    import httpx

    on, off = (unsubscribe_link(platform, f"axe.{n}@example.org", "event_reminders", "nl") for n in ("on", "off"))
    httpx.post(f"{platform.urls['notifications']}/unsubscribe-links/{off}/unsubscribe", timeout=10).raise_for_status()
    return {"unsubscribe": f"/unsubscribe/{on}", "unsubscribed": f"/unsubscribe/{off}/done", "invalid unsubscribe link": "/unsubscribe/not-a-token"}


def personal_paths(platform) -> dict[str, str]:
    """The pages behind the e-mailed links (a confirmed, a waitlisted and a cancelled registration), without the language."""
    import httpx

    def register(event: str, email: str) -> dict:
        answer = httpx.post(f"{platform.urls['events']}/events/{event}/registrations", timeout=10,
                            json={"name": "Axe Tester", "email": email, "language": "nl", "consent": True})
        answer.raise_for_status()
        return answer.json()

    def own(url: str) -> str:  # the link as the e-mail has it, minus the site and the language
        return re.sub(r"^https?://[^/]+/[a-z]{2}", "", url)

    # A full event of its own (the journeys count the positions on the shared one).
    secretariat = {"Authorization": f"Bearer {platform.token('secretariat', 'web-axe')}"}
    event = httpx.post(f"{platform.urls['events']}/events", headers=secretariat, timeout=10, json={
        "kind": "workshop", "title": {"en": "Workshop: axe", "nl": "Workshop: axe"}, "languages": ["en"], "venue": "Brussels, Belgium",
        "starts_at": "2099-05-04T09:00:00", "ends_at": "2099-05-04T11:00:00", "capacity": 1, "waitlist": True}).json()["id"]
    httpx.post(f"{platform.urls['events']}/events/{event}/publish", headers=secretariat, timeout=10).raise_for_status()
    register(event, "axe.seated@example.org")
    confirmed, waiting = register(platform.events["conference"], "axe.confirmed@example.org"), register(event, "axe.waiting@example.org")
    gone = register(platform.events["conference"], "axe.cancelled@example.org")
    httpx.post(f"{platform.urls['events']}/registrations/{gone['id']}/cancel", params={"token": gone["cancel_url"].split("token=")[1]},
               timeout=10).raise_for_status()
    mine = httpx.get(f"{platform.urls['events']}/registrations/{confirmed['id']}", params={"token": confirmed["cancel_url"].split("token=")[1]},
                     timeout=10).json()
    return {
        "your registration": own(confirmed["cancel_url"]).replace("/cancel?", "?"), "ticket": own(confirmed["ticket_url"]),
        "cancel": own(confirmed["cancel_url"]), "join": own(mine["join_url"]), "waiting list registration": own(waiting["cancel_url"]).replace("/cancel?", "?"),
        "cancelled": own(gone["cancel_url"]).replace("/cancel?", "/cancelled?"), "ticket of a cancelled registration": own(gone["ticket_url"]),
        "invalid link": f"/registrations/{confirmed['id']}?token=not-a-token",
    }


def violations(axe, page) -> list[str]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result.response["violations"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_an_axe_violation(page, axe, paths, language):
    found = {}
    for name, path in paths.items():
        page.goto(f"/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        found[name] = violations(axe, page)
    # the form with its errors, and a result page
    page.goto(f"/{language}{paths['registration form']}")
    page.locator("button[type=submit]").click()
    page.wait_for_selector(".error-summary")
    found["registration form with errors"] = violations(axe, page)
    assert {name: v for name, v in found.items() if v} == {}


def test_every_page_has_the_language_switch_and_a_skip_link(page, paths):
    for path in paths.values():
        page.goto(f"/nl{path}")
        links = page.locator("nav.languages a")
        assert [links.nth(i).get_attribute("lang") for i in range(links.count())] == LANGUAGES
        assert page.locator("a.skip-link").get_attribute("href") == "#main"


def test_targets_are_at_least_24_pixels(page, paths):
    small = []
    for name in ("home", "event", "registration form"):
        page.goto(f"/en{paths[name]}")
        for box in page.evaluate("""() => [...document.querySelectorAll('a, button, input, select, summary')]
              .filter(e => e.offsetParent !== null && !e.closest('p, li, dd, td'))
              .map(e => { const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 60), r.width, r.height]; })"""):
            if box[1] < 24 or box[2] < 24:
                small.append((name, *box))
    assert small == []
