"""Demo data for awards: the Fair ICT Awards 2021 of Fair ICT Flanders, from nominations to published results.

The integrator calls, once the services are ready (a second run changes nothing)::

    import demo_awards
    summary = demo_awards.load(
        awards_url,                      # e.g. "http://127.0.0.1:8003" (awards itself, not the gateway)
        secretariat_token=...,           # a token with role secretariat
        member_token=lambda org_id: ..., # a member token bound to that organisation id
        juror_token=lambda juror_id: ...,# a juror token bound to that juror id
        organisations={name: id, ...},   # ids of the organisations in ORGANISATIONS_NEEDED, by name
        ceremony=(event_id, session_id), # the 16:00 session of the Fair ICT Flanders online conference 2021, or None
        ledger=ledger,                   # optional (tools/demo_ledger.py): finds the edition again if a user renamed it
    )

What must exist first, in awards' own copy (it learns it from membership's events, so give the
relay a moment after registering): every organisation of ORGANISATIONS_NEEDED with that kind, and
the nominators (MEMBERS) must be members, i.e. have a verified pact signature. ``load`` waits up to
``wait_seconds`` for that copy and raises ``DemoNotReady`` naming what is missing.

How the 2021 timeline is played now: nominations and voting need their window open *now*, so the
edition is created with a window around the present, moved on after the nominations, and finally set
to the real 2021 timeline (voting closed in November 2021); voting is then closed (the result sealed
and its commitment published) and the results are published: by the scheduler at the ceremony
session's start (2021, so at once) when the events service has told awards about that session,
otherwise by hand after ``wait_seconds``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from demo_ledger import Ledger

EDITION = "Fair ICT Awards 2021"
ORGANISATIONS_NEEDED = {  # name -> kind (membership's)
    "KU Leuven": "procuring",
    "UGent": "procuring",
    "ACV-CSC": "procuring",
    "Van Hoecke": "procuring",
    "Stad Leuven": "coordinating",
    "Stad Gent": "coordinating",
}
MEMBERS = ("KU Leuven", "Stad Gent")  # the nominators

CATEGORIES = [
    {
        "name": "Good practice",
        "description": "Een goede praktijk van faire en circulaire aankoop of gebruik van ICT.",
        "eligible_kinds": ["procuring", "coordinating"],
        "self_nomination_allowed": False,
        "scale": {"min": 1, "max": 5},
        "criteria": [
            {"name": "Impact on workers and communities", "weight": 3},
            {"name": "Circularity", "weight": 2},
            {"name": "Replicability", "weight": 1},
        ],
    },
    {
        "name": "Frontrunner",
        "description": "Een koploper die anderen meetrekt.",
        "eligible_kinds": ["procuring", "coordinating"],
        "self_nomination_allowed": True,
        "scale": {"min": 1, "max": 5},
        "criteria": [{"name": "Ambition", "weight": 2}, {"name": "Leadership", "weight": 1}],
    },
]
# (category, nominee, nominator, motivation in nl)
NOMINATIONS = [
    (0, "KU Leuven", "Stad Gent", "Faire ICT-clausules in de raamovereenkomst voor laptops, met opvolging in de keten."),
    (0, "Stad Leuven", "KU Leuven", "Langere levensduur van smartphones en laptops en hergebruik via sociale economie."),
    (0, "ACV-CSC", "Stad Gent", "Vakbond die arbeidsomstandigheden in de ICT-keten in zijn aankoopbeleid opneemt."),
    (0, "Van Hoecke", "KU Leuven", "Bedrijf dat refurbished hardware als standaard koos."),
    (1, "Stad Gent", "Stad Gent", "Eerste stad met een volledig faire en circulaire ICT-aankoopstrategie."),
    (1, "UGent", "KU Leuven", "Universiteit die leveranciers op sociale criteria beoordeelt."),
]
# name, language, own organisation (blocks that nomination automatically), declared conflict with nominee
JURORS = [
    ("An Vermeulen", "nl", None, None),
    ("Pieter Janssens", "nl", "UGent", None),
    ("Sophie Lambert", "fr", None, "Van Hoecke"),
    ("Lena Hofmann", "de", None, None),
]
SCORES = [  # per juror, per nomination in NOMINATIONS order; None: no ballot
    [[5, 4, 4], [4, 5, 3], [3, 3, 4], [2, 4, 3], [5, 4], [4, 3]],
    [[4, 4, 5], [4, 4, 4], [3, 2, 3], [3, 3, 3], [4, 5], None],
    [[5, 5, 4], [3, 4, 4], [4, 3, 3], None, [5, 5], [4, 4]],
    [[4, 5, 3], [5, 4, 4], None, [2, 3, 2], [4, 4], [3, 4]],
]
TIMELINE_2021 = {
    "nominations_open_at": "2021-09-01T00:00:00Z",
    "nominations_close_at": "2021-10-15T22:00:00Z",
    "voting_opens_at": "2021-11-02T00:00:00Z",
    "voting_closes_at": "2021-11-26T23:00:00Z",
}


class DemoNotReady(RuntimeError):
    """Awards does not know the organisations (or their membership) yet."""


def _window(nominations_open: bool) -> dict:
    """A timeline with nominations (or else voting) open now."""
    now = datetime.now(UTC).replace(microsecond=0)
    hours = [-1, 1, 2, 3] if nominations_open else [-3, -2, -1, 2]
    keys = ["nominations_open_at", "nominations_close_at", "voting_opens_at", "voting_closes_at"]
    return {k: (now + timedelta(hours=h)).isoformat() for k, h in zip(keys, hours)}


def _ok(response: httpx.Response, *allowed_codes: str) -> dict:
    if response.is_success or (
        response.headers.get("content-type", "").startswith("application/problem+json") and response.json().get("code") in allowed_codes
    ):
        return response.json()
    raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")


def _wait_for_copy(client: httpx.Client, organisations: dict[str, str], wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        missing = []
        for name, kind in ORGANISATIONS_NEEDED.items():
            known = client.get(f"/known-organisations/{organisations[name]}")
            if known.status_code != 200 or known.json()["kind"] != kind or (name in MEMBERS and not known.json()["member"]):
                missing.append(f"{name} ({kind}{', member' if name in MEMBERS else ''})")
        if not missing:
            return
        if time.monotonic() > deadline:
            raise DemoNotReady(f"awards does not know yet: {', '.join(missing)}")
        time.sleep(0.5)


def load(
    awards_url: str,
    *,
    secretariat_token: str,
    member_token: Callable[[str], str],
    juror_token: Callable[[str], str],
    organisations: dict[str, str],
    ceremony: tuple[str, str] | None,
    wait_seconds: float = 20.0,
    ledger: Ledger | None = None,
) -> dict:
    """Load the edition end to end; idempotent.

    Returns {"edition_id", "nominations": count, "juror_ids": {name: id}, "published": bool}: a juror token
    for one of ``juror_ids`` lets a demo user see that juror's own ballots.
    """
    ledger = ledger if ledger is not None else Ledger()
    secretariat = {"Authorization": f"Bearer {secretariat_token}"}
    with httpx.Client(base_url=awards_url, timeout=30) as client:
        recorded = ledger.get("edition", EDITION)
        found = client.get(f"/editions/{recorded}") if recorded else None
        edition = found.json() if found is not None and found.status_code == 200 else None  # as users left it (renamed)
        edition = edition or next((e for e in _ok(client.get("/editions"))["items"] if e["name"] == EDITION), None)
        if edition:
            ledger.put("edition", EDITION, edition["id"])
        if edition and edition["phase"] == "published":
            return _summary(client, edition["id"], secretariat)
        _wait_for_copy(client, organisations, wait_seconds)
        ceremony_body = {"event_id": ceremony[0], "session_id": ceremony[1]} if ceremony else None
        if edition is None:
            edition = _ok(
                client.post(
                    "/editions",
                    headers=secretariat,
                    json={
                        "name": EDITION,
                        "organiser": "Fair ICT Flanders",
                        "quorum": 2,
                        "categories": CATEGORIES,
                        "timeline": _window(nominations_open=True),
                        "ceremony": ceremony_body,
                    },
                )
            )
            ledger.put("edition", EDITION, edition["id"])
        if edition["phase"] not in ("voting_closed", "published"):
            nominations = _nominate(client, edition, organisations, member_token, secretariat, ceremony_body)
            jurors = _jury(client, edition, organisations, juror_token, secretariat)
            _vote(client, edition, nominations, jurors, organisations, juror_token)
            _ok(
                client.put(
                    f"/editions/{edition['id']}/schedule", headers=secretariat, json={"timeline": TIMELINE_2021, "ceremony": ceremony_body}
                )
            )
            _ok(client.post(f"/editions/{edition['id']}/voting/close", headers=secretariat), "VOTING_CLOSED")
        published = _await_publication(client, edition["id"], wait_seconds if ceremony else 0)
        if not published:
            _ok(client.post(f"/editions/{edition['id']}/results/publish", headers=secretariat), "RESULTS_PUBLISHED")
        return _summary(client, edition["id"], secretariat)


def _summary(client: httpx.Client, edition_id: str, secretariat: dict) -> dict:
    jurors = _ok(client.get(f"/editions/{edition_id}/jurors", headers=secretariat))["items"]
    published = client.get(f"/editions/{edition_id}/results").status_code == 200
    return {"edition_id": edition_id, "nominations": len(NOMINATIONS), "juror_ids": {j["name"]: j["id"] for j in jurors}, "published": published}


def _nominate(client, edition, organisations, member_token, secretariat, ceremony_body) -> list[dict]:
    existing = {(n["category_id"], n["nominee_id"]): n for n in _ok(client.get(f"/editions/{edition['id']}/nominations"))["items"]}
    nominations = []
    for category, nominee, nominator, motivation in NOMINATIONS:
        key = (edition["categories"][category]["id"], organisations[nominee])
        if key not in existing:
            body = {"category_id": key[0], "nominee_id": key[1], "motivation": {"nl": motivation}}
            existing[key] = _ok(
                client.post(
                    f"/editions/{edition['id']}/nominations",
                    json=body,
                    headers={"Authorization": f"Bearer {member_token(organisations[nominator])}"},
                )
            )
        nominations.append(existing[key])
    _ok(
        client.put(
            f"/editions/{edition['id']}/schedule",
            headers=secretariat,
            json={"timeline": _window(nominations_open=False), "ceremony": ceremony_body},
        )
    )
    for nomination in nominations:
        if nomination["status"] == "submitted":
            _ok(client.post(f"/nominations/{nomination['id']}/screening", headers=secretariat, json={"decision": "eligible"}))
        if nomination["status"] != "shortlisted":
            _ok(client.post(f"/nominations/{nomination['id']}/shortlist", headers=secretariat))
    return nominations


def _jury(client, edition, organisations, juror_token, secretariat) -> list[dict]:
    by_email = {j["email"]: j for j in _ok(client.get(f"/editions/{edition['id']}/jurors", headers=secretariat))["items"]}
    jurors = []
    for name, language, own, _ in JURORS:
        email = f"{name.lower().replace(' ', '.')}@jury.fairictflanders.example"
        juror = by_email.get(email) or _ok(
            client.post(
                f"/editions/{edition['id']}/jurors",
                headers=secretariat,
                json={"name": name, "email": email, "language": language, "organisation_id": organisations[own] if own else None},
            )
        )
        _ok(client.post(f"/jurors/{juror['id']}/acceptance", headers={"Authorization": f"Bearer {juror_token(juror['id'])}"}))
        jurors.append(juror)
    return jurors


def _vote(client, edition, nominations, jurors, organisations, juror_token) -> None:
    criteria = {c["id"]: [k["id"] for k in c["criteria"]] for c in edition["categories"]}
    for (name, _, _, conflict_with), juror, scores in zip(JURORS, jurors, SCORES):
        headers = {"Authorization": f"Bearer {juror_token(juror['id'])}"}
        for nomination, values in zip(nominations, scores):
            if conflict_with and nomination["nominee_id"] == organisations[conflict_with]:
                _ok(
                    client.post(
                        f"/jurors/{juror['id']}/conflicts",
                        headers=headers,
                        json={"nomination_id": nomination["id"], "reason": "Worked as a consultant for the nominee."},
                    )
                )
                continue
            if values is None or client.get(f"/nominations/{nomination['id']}/ballot", headers=headers).status_code == 200:
                continue
            body = {"scores": dict(zip(criteria[nomination["category_id"]], values)), "comment": f"{name}: zie motivatie."}
            _ok(client.put(f"/nominations/{nomination['id']}/ballot", headers=headers, json=body), "CONFLICT_OF_INTEREST")


def _await_publication(client: httpx.Client, edition_id: str, wait_seconds: float) -> bool:
    deadline = time.monotonic() + wait_seconds
    while True:
        if client.get(f"/editions/{edition_id}/results").status_code == 200:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)
