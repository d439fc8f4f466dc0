"""Demo events drawn from the public pages in ../shared/seeds/: the Fair ICT Flanders conference 2021
with its programme as published, the pact's annual in-person meeting in Antwerp, and a webinar.

How devstack calls it, once the events service is ready and the organisations are registered:

    import demo_events
    summary = demo_events.load(
        events_url="http://127.0.0.1:8002",            # the events service itself (not the gateway)
        secretariat_token=issue_token(private_key, role=Role.SECRETARIAT, subject="demo-events"),
        organisation_ids_by_name={"CATAPA vzw": "...", ...},  # name -> membership id; unknown names are left out
        ledger=ledger,                                  # optional: what earlier runs made
    )
    # summary["award_ceremony"] == {"event_id", "session_id", "title"}: the Fair ICT Awards 2021 ceremony

Idempotent: an event is recognised by the id the ledger (tools/demo_ledger.py) kept of it, or else by its
title, so a second run creates nothing and leaves a renamed or cancelled event as it is; the demo
registrations are made once per event (a registration cancelled since is not made again).

Assumption: the seed page leaves the conference's date blank ("Datum" without a value) and says
registration is open until 30 November; the demo holds it on Thursday 2 December 2021.
"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from demo_ledger import Ledger

FAIR_ICT_TITLE = "Fair ICT Flanders conferentie 2021"
DAY = "2021-12-02"


def _session(at: str, minutes: int, title: str, kind: str, *speakers: tuple[str, str | None]) -> dict:
    return {"starts_at": f"{DAY}T{at}:00", "duration_minutes": minutes, "title": title, "kind": kind,
            "speakers": [{"name": n, "affiliation": a} for n, a in speakers]}


# The programme exactly as the seed lists it; durations run to the next item (the pause between the
# Q&A at 15:00 and the 15:35 talk is split 20/15, as the page gives no times for it).
FAIR_ICT_PROGRAMME = [
    _session("13:00", 15, "Welkom & Introductie", "talk"),
    _session("13:15", 20, "Getuigenis impact ICT-keten: de realiteit binnen Indonesische assemblagefabrieken", "testimony",
             ("Dina Septi Utami", "LIPS")),
    _session("13:35", 20, "Presentatie overzicht resultaten van Fair ICT Flanders", "talk", ("Kim Claes", None)),
    _session("13:55", 65, "Presentatie van 6 pilootorganisaties inzake faire & circulaire aankoop en gebruik van ICT "
                          "(KU Leuven, Stad Leuven, Stad Gent, ACV-CSC, Van Hoecke, UGent)", "talk"),
    _session("15:00", 20, "Q&A", "qa"),
    _session("15:20", 15, "Pauze", "break"),
    _session("15:35", 10, "Aanbevelingen gebaseerd op de ervaringen uit het leernetwerk met aankopers", "talk"),
    _session("15:45", 15, "Een blik in de toekomst: Wat beweegt er op Vlaams & EU-niveau inzake faire en circulaire ICT?", "talk",
             ("MEP Sara Matthieu", "Fractie De Groenen/Vrije Europese Alliantie")),
    _session("16:00", 60, "Uitreiking Fair ICT Awards 2021", "award_ceremony"),
]

FAIR_ICT = {
    "kind": "online_conference",
    "title": {"nl": FAIR_ICT_TITLE, "en": "Fair ICT Flanders conference 2021"},
    "description": {"nl": "Pilootorganisaties stellen hun stappen richting Faire en Circulaire aankoop en gebruik van ICT in Vlaanderen voor. "
                          "We sluiten af met de uitreiking de Fair ICT Awards 2021!"},
    "languages": ["nl"],
    "starts_at": f"{DAY}T13:00:00", "ends_at": f"{DAY}T17:00:00",
    "join_url": "https://zoom.example.org/j/fair-ict-flanders-2021",  # demo meeting; the real link went to registrants only
    "registration_closes_on": "2021-11-30",
    "capacity": 500, "waitlist": True,
    "sessions": FAIR_ICT_PROGRAMME,
}
FAIR_ICT_ORGANISERS = ["CATAPA vzw", "Bond Beter Leefmilieu", "Ondernemers voor Ondernemers", "KU Leuven", "Vlaanderen Circulair"]


def _next_june(today: date) -> date:
    """The second Thursday of June, this year's if still ahead, else next year's."""
    for year in (today.year, today.year + 1):
        first = date(year, 6, 1)
        day = first + timedelta(days=(3 - first.weekday()) % 7 + 7)
        if day > today:
            return day
    raise AssertionError("unreachable")


def antwerp_meeting(today: date) -> dict:
    day = _next_june(today).isoformat()
    return {
        "kind": "in_person_meeting",
        "title": {"en": f"Circular and Fair ICT Pact annual meeting {day[:4]}"},
        "description": {"en": "The pact's annual in-person meeting in Antwerp: participants and supporting organisations "
                              "discuss progress and the strategic focus for the coming year."},
        "languages": ["en"], "starts_at": f"{day}T09:30:00", "ends_at": f"{day}T17:00:00", "venue": "Antwerp, Belgium",
        "capacity": 120, "waitlist": True,
        "sessions": [
            {"starts_at": f"{day}T09:30:00", "duration_minutes": 30, "title": "Welcome and the year in review", "kind": "talk"},
            {"starts_at": f"{day}T10:00:00", "duration_minutes": 90, "title": "Buyer groups: what worked", "kind": "panel"},
            {"starts_at": f"{day}T11:30:00", "duration_minutes": 60, "title": "Lunch", "kind": "break"},
            {"starts_at": f"{day}T12:30:00", "duration_minutes": 120, "title": "Strategic focus for the coming year", "kind": "panel"},
            {"starts_at": f"{day}T14:30:00", "duration_minutes": 30, "title": "Questions and answers", "kind": "qa"},
        ],
    }


def webinar(today: date) -> dict:
    day = (today + timedelta(days=21)).isoformat()
    return {
        "kind": "webinar",
        "title": {"en": "Webinar: fair ICT purchasing criteria in practice", "nl": "Webinar: faire ICT-aankoopcriteria in de praktijk"},
        "description": {"en": "For the participating organisations of the learning platform: sustainability criteria in ICT tenders."},
        "languages": ["en", "nl"], "starts_at": f"{day}T10:00:00", "ends_at": f"{day}T11:30:00",
        "join_url": "https://meet.example.org/j/fair-ict-webinar", "capacity": 100, "waitlist": True,
        "sessions": [{"starts_at": f"{day}T10:00:00", "duration_minutes": 60, "title": "Criteria and clauses that work", "kind": "talk"},
                     {"starts_at": f"{day}T11:00:00", "duration_minutes": 30, "title": "Q&A", "kind": "qa"}],
    }


DEMO_REGISTRANTS = [
    ("Jan-Henk Welink", "jan-henk.welink@example.org", "TU Delft", "nl"),
    ("Boris Verbrugge", "boris.verbrugge@example.org", "KU Leuven", "nl"),
    ("Ineke Vlot", "ineke.vlot@example.org", "SMK (Stichting Milieukeur)", "nl"),
    ("John Watt", "john.watt@example.org", None, "en"),
]


def _find(client: httpx.Client, title: str) -> dict | None:
    after = None
    while True:
        page = client.get("/events", params={"first": 200, **({"after": after} if after else {})})
        page.raise_for_status()
        body = page.json()
        for event in body["items"]:
            if title in event["title"].values():
                return event
        if not body["page_info"]["has_next_page"]:
            return None
        after = body["page_info"]["end_cursor"]


def _ensure(client: httpx.Client, ledger: Ledger, key: str, body: dict, organisers: list[str]) -> tuple[dict, bool]:
    """The demo event ``key``: the one an earlier run made (as users left it: renamed, cancelled), else the one with
    this title, else created and published now."""
    event = None
    recorded = ledger.get("event", key)
    if recorded is not None:
        response = client.get(f"/events/{recorded}")
        event = response.json() if response.status_code == 200 else None
    event = event or _find(client, next(iter(body["title"].values())))
    created = event is None
    if created:
        response = client.post("/events", json={**body, "organiser_ids": organisers})
        response.raise_for_status()
        event = response.json()
    ledger.put("event", key, event["id"])
    if event["status"] == "draft":
        response = client.post(f"/events/{event['id']}/publish")
        response.raise_for_status()
        event = response.json()
    return event, created


def _register(client: httpx.Client, ledger: Ledger, key: str, event: dict) -> int:
    """The demo registrants, once per event: a registration a user cancelled since is not made again."""
    if ledger.get("registrations", key):
        return 0
    if event["status"] != "published":
        ledger.note(f"no demo registrations for {next(iter(event['title'].values()))!r}: it is {event['status']}")
        return 0
    created = 0
    for name, email, organisation, language in DEMO_REGISTRANTS:
        body = {"name": name, "email": email, "organisation": organisation, "language": language, "consent": True}
        response = client.post(f"/events/{event['id']}/registrations", json=body)
        if response.status_code in (403, 409, 422):  # closed, full, for members only or cancelled meanwhile
            ledger.note(f"{email} not registered for {next(iter(event['title'].values()))!r}: {response.json().get('code')}")
            continue
        response.raise_for_status()
        created += response.status_code == 201
    ledger.put("registrations", key, "complete")
    return created


def load(events_url: str, secretariat_token: str, organisation_ids_by_name: dict[str, str], ledger: Ledger | None = None) -> dict:
    """Create (once) and publish the three demo events and a few registrations; returns what exists."""
    ledger = ledger if ledger is not None else Ledger()
    today = date.today()
    headers = {"Authorization": f"Bearer {secretariat_token}"}
    ids = organisation_ids_by_name
    with httpx.Client(base_url=events_url, headers=headers, timeout=30) as client:
        fair_ict, c1 = _ensure(client, ledger, "fair_ict_flanders_2021", FAIR_ICT, [ids[n] for n in FAIR_ICT_ORGANISERS if n in ids])
        meeting = f"antwerp_annual_meeting_{_next_june(today).year}"  # each year's meeting is a new event
        antwerp, c2 = _ensure(client, ledger, meeting, antwerp_meeting(today), [])
        online, c3 = _ensure(client, ledger, "webinar", webinar(today), [ids[n] for n in ("CATAPA vzw",) if n in ids])
        registrations = _register(client, ledger, meeting, antwerp) + _register(client, ledger, "webinar", online)
    ceremony = next((s for s in fair_ict["sessions"] if s["kind"] == "award_ceremony"), None)
    return {
        "events": {"fair_ict_flanders_2021": fair_ict["id"], "antwerp_annual_meeting": antwerp["id"], "webinar": online["id"]},
        "created": sum((c1, c2, c3)),
        "registrations_created": registrations,
        "award_ceremony": ceremony and {"event_id": fair_ict["id"], "session_id": ceremony["id"], "title": ceremony["title"]},
    }
