"""The site's pages from live data: the seed's programme, JSON-LD, headers, CSRF, errors that are pages, no 500."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from webstack import web_id

CSP = "script-src 'self'"


@pytest.fixture(scope="module")
def http(platform):
    with httpx.Client(base_url=platform.web, timeout=20) as client:
        yield client


def test_the_conference_programme_reads_as_the_seed_in_brussels_time(http, platform):
    page = http.get(f"/nl/events/{web_id('Event', platform.events['fair_ict_flanders_2021'])}").text
    rows = re.findall(r'<span class="time">([^<]+)</span>\s*<span class="session">\s*<span class="session-title"[^>]*>([^<]+)<', page)
    assert rows[0] == ("13:00", "Welkom &amp; Introductie")
    assert rows[-1] == ("16:00", "Uitreiking Fair ICT Awards 2021")
    assert len(rows) == 9
    assert "donderdag 2 december 2021" in page and "13:00 tot 17:00 uur, Brusselse tijd" in page
    assert "De inschrijvingen zijn afgesloten." in page
    assert "30 november 2021" in page  # registration open until 30 November, as the seed says


def test_the_event_page_carries_schema_org_event_without_the_join_link(http, platform):
    url = f"/en/events/{web_id('Event', platform.events['conference'])}"
    page = http.get(url).text
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == "Fair ICT Flanders conference 2027"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": f"http://127.0.0.1:8005{url}"}
    assert data["offers"]["url"].endswith("/register") and data["remainingAttendeeCapacity"] <= 200
    assert "meet.example.org" not in page, "the secret join link never reaches the page"


def test_every_answer_carries_the_security_headers(http, platform):
    for path in ("/en/", "/en/events", "/nl/does-not-exist", "/static/site.css"):
        headers = http.get(path).headers
        assert CSP in headers["content-security-policy"] and "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in headers  # development; production adds it (web/tests/test_app.py)


def test_a_form_posted_without_its_csrf_token_comes_back_with_a_message(http, platform):
    url = f"/en/events/{web_id('Event', platform.events['conference'])}/register"
    answer = http.post(url, data={"name": "Mallory", "email": "mallory@example.org", "language": "en", "consent": "yes"})
    assert answer.status_code == 400
    assert "The form was open too long or came from another site." in answer.text
    assert 'value="Mallory"' in answer.text
    assert not [r for r in http.get("/en/events").text.splitlines() if "mallory" in r.lower()]


def test_the_csrf_token_of_one_visitor_does_not_work_for_another(http, platform):
    url = f"/en/events/{web_id('Event', platform.events['conference'])}/register"
    form = http.get(url)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    with httpx.Client(base_url=platform.web) as other:
        other.get(url)  # its own cookie
        answer = other.post(url, data={"csrf_token": token, "name": "Eve", "email": "eve@example.org", "language": "en", "consent": "yes"})
    assert answer.status_code == 400


def test_bad_addresses_and_ids_are_pages_not_errors(http, platform):
    assert http.get("/").status_code == 303
    assert http.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).headers["location"] == "/fr/"
    missing = http.get(f"/de/events/{web_id('Event', '00000000-0000-0000-0000-000000000000')}")
    assert missing.status_code == 404 and "Seite nicht gefunden" in missing.text and '<html lang="de">' in missing.text
    for path in ("/en/events/not!an!id", "/en/organisations/%00", "/en/awards/QQ", "/xx/events", "/en/register?after=abc"):
        answer = http.get(path)
        assert answer.status_code in (200, 404), (path, answer.status_code)
    result = http.get(f"/en/events/{web_id('Event', platform.events['conference'])}/registration")
    assert result.status_code == 303, "no result cookie: back to the event"
    assert http.post("/en/events").status_code == 405


def test_the_result_cookie_cannot_be_forged(http, platform):
    event = web_id("Event", platform.events["conference"])
    http.cookies.set("pact_result", '{"event": "x", "status": "CONFIRMED"}')
    assert http.get(f"/en/events/{event}/registration").status_code == 303
    http.cookies.clear()


def test_an_organisation_page_shows_no_contact_data(http, platform):
    fidos = [i for n, i in platform.organisations.items() if "FIDO" in n]
    page = http.get(f"/en/organisations/{web_id('Organisation', fidos[0])}").text
    assert "Signed the pact" in page and "14 June 2021" in page
    assert "@" not in re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S), "no e-mail address on a public page"


def test_the_register_page_checks_the_chain_and_the_signature(http):
    page = http.get("/nl/register").text
    assert "Het register klopt." in page


def test_the_awards_show_the_published_results(http, platform):
    awards = http.get("/en/awards").text
    edition = re.search(r'href="(/en/awards/[A-Za-z0-9_-]+)"', awards).group(1)
    page = http.get(edition).text
    assert "Fair ICT Awards 2021" in page and "Winner:" in page and "receipts of the counted ballots" in page
