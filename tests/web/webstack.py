"""The whole platform as real processes, for the web site's browser tests and `make screenshots`.

The four services (SQLite), the gateway (with the site's trusted documents and client secret, as in
production), the web site, and the demo data loaded as `make run` loads it; plus three events for the
registration journeys: an upcoming Dutch online conference, a full one with a waiting list, and one
whose registration has closed.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
from servicekit.auth import Role, issue_token
from servicekit.localbroker import free_port
from servicekit.processes import ProcessFailed, start_module, stop_processes, wait_until_answers

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import demo_awards  # noqa: E402
import demo_data  # noqa: E402
import demo_events  # noqa: E402

SERVICES = ["membership", "events", "awards", "notifications"]
CONFERENCE_TITLE = {"nl": "Fair ICT Flanders conferentie 2027", "en": "Fair ICT Flanders conference 2027"}


@dataclass
class Platform:
    urls: dict[str, str]
    mail: Path  # the real SMTP server's catch: one .eml per message the platform sent
    private_key: str
    client_secret: str
    events: dict[str, str] = field(default_factory=dict)  # name -> events service id
    organisations: dict[str, str] = field(default_factory=dict)

    @property
    def web(self) -> str:
        return self.urls["web"]

    def token(self, role: Role | str, subject: str, **claims) -> str:
        return issue_token(self.private_key, role=role, subject=subject, **claims)


def _start(name: str, env: dict[str, str], work: Path, processes: list, port: int | None = None) -> str:
    port = port or free_port()
    variable = "WEB_HTTP_PORT" if name == "web" else f"{name.upper()}_HTTP_PORT"
    log = work / f"{name}.log"
    process = start_module(name, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env, variable: str(port)}, log=log)
    processes.append(process)
    url = f"http://127.0.0.1:{port}"
    wait_until_answers(url, process, log=log, timeout=90)
    return url


@contextlib.contextmanager
def running_platform(work: Path, private_key: str, public_key: str, kafka: str, gateway_env: dict[str, str] | None = None):
    (work / "public.pem").write_text(public_key)
    from membership.adapters.register_key import new_private_pem

    (work / "register.pem").write_text(new_private_pem())
    common = {"KAFKA_BOOTSTRAP_SERVERS": kafka, "KAFKA_SESSION_TIMEOUT_MS": "2000", "JWT_PUBLIC_KEY": str(work / "public.pem"),
              "LOG_LEVEL": "WARNING"}
    manifest = work / "trusted-documents.json"
    manifest.write_text(subprocess.run([sys.executable, "-m", "web", "operations", "manifest"], check=True, capture_output=True,
                                       text=True).stdout)
    client_secret = secrets.token_urlsafe(32)
    processes: list[subprocess.Popen] = []
    urls: dict[str, str] = {}
    ports = {name: free_port() for name in SERVICES}
    web_port = free_port()  # known before events starts: its e-mailed links lead to the site's personal pages
    # A real SMTP server (aiosmtpd) catches what notifications sends.
    from notifications.adapters.mailcatcher import start_mailcatcher

    mail = work / "mail"
    smtp_port = free_port()
    smtp = start_mailcatcher(mail, port=smtp_port)
    try:
        for name in SERVICES:
            env = {**common, f"{name.upper()}_DATABASE_URL": f"sqlite+aiosqlite:///{work / name}.db"}
            if name == "membership":
                env["MEMBERSHIP_REGISTER_SIGNING_KEY"] = str(work / "register.pem")
            if name == "events":
                env["EVENTS_WEB_URL"] = f"http://127.0.0.1:{web_port}"
            if name == "notifications":
                env.update({"NOTIFICATIONS_SMTP_HOST": "127.0.0.1", "NOTIFICATIONS_SMTP_PORT": str(smtp_port),
                            "NOTIFICATIONS_WEB_URL": f"http://127.0.0.1:{web_port}"})
                env["NOTIFICATIONS_PUBLIC_BASE_URL"] = f"http://127.0.0.1:{ports[name]}"  # the one-click header leads here
            urls[name] = _start(name, env, work, processes, ports[name])
        urls["gateway"] = _start("gateway", {**common, **{f"GATEWAY_{s.upper()}_URL": urls[s] for s in SERVICES},
                                             "GATEWAY_TRUSTED_DOCUMENTS": str(manifest), "GATEWAY_WEB_CLIENT_SECRET": client_secret,
                                             "GATEWAY_RATE_LIMIT_PER_MINUTE": "600", **(gateway_env or {})}, work, processes)
        urls["web"] = _start("web", {"WEB_GATEWAY_URL": f"{urls['gateway']}/graphql", "WEB_GATEWAY_CLIENT_SECRET": client_secret,
                                     "WEB_SECRET_KEY": secrets.token_urlsafe(32), "WEB_LOG_LEVEL": "WARNING"}, work, processes, web_port)
        platform = Platform(urls, mail, private_key, client_secret)
        load_demo(platform)
        yield platform
    except ProcessFailed:
        raise
    finally:
        stop_processes(processes, timeout=10)
        smtp.stop()


def load_demo(platform: Platform) -> None:
    """What `make run` loads (tools/devstack.py), then the journeys' own events."""
    urls, token = platform.urls, platform.token
    secretariat = token(Role.SECRETARIAT, "web-tests")
    demo_data.load(urls["gateway"], secretariat)
    demo_data.load_signatures(urls["membership"], token(Role.SECRETARIAT, "recorder"), token(Role.SECRETARIAT, "verifier"))
    ids = {o["name"]: o["id"] for o in httpx.get(f"{urls['membership']}/organisations", params={"first": 200}, timeout=10).json()["items"]}
    platform.organisations = ids
    events = demo_events.load(urls["events"], secretariat, ids)
    platform.events.update(events["events"])
    ceremony = events["award_ceremony"]
    demo_awards.load(urls["awards"], secretariat_token=secretariat,
                     member_token=lambda org: token(Role.MEMBER, f"member-{org[:8]}", organisation_id=org),
                     juror_token=lambda juror: token(Role.JUROR, f"juror-{juror[:8]}", juror_id=juror),
                     organisations={n: ids[n] for n in demo_awards.ORGANISATIONS_NEEDED if n in ids},
                     ceremony=(ceremony["event_id"], ceremony["session_id"]), wait_seconds=240)  # polls for awards' copy; 60 s was too short late in a loaded CI run
    day = (date.today() + timedelta(days=60)).isoformat()
    with httpx.Client(base_url=urls["events"], headers={"Authorization": f"Bearer {secretariat}"}, timeout=30) as client:
        def create(name: str, body: dict) -> str:
            event = client.post("/events", json=body)
            event.raise_for_status()
            client.post(f"/events/{event.json()['id']}/publish").raise_for_status()
            platform.events[name] = event.json()["id"]
            return event.json()["id"]

        create("conference", {
            "kind": "online_conference", "title": CONFERENCE_TITLE,
            "description": {"nl": "Pilootorganisaties stellen hun stappen richting faire en circulaire ICT voor.",
                            "en": "Pilot organisations present their steps towards fair and circular ICT."},
            "languages": ["nl"], "starts_at": f"{day}T13:00:00", "ends_at": f"{day}T17:00:00",
            "join_url": "https://meet.example.org/j/fair-ict-2027", "capacity": 200, "waitlist": True,
            "organiser_ids": [ids["CATAPA vzw"]] if "CATAPA vzw" in ids else [],
            "sessions": [{"starts_at": f"{day}T13:00:00", "duration_minutes": 15, "title": "Welkom & Introductie", "kind": "talk"},
                         {"starts_at": f"{day}T16:00:00", "duration_minutes": 60, "title": "Uitreiking Fair ICT Awards 2027",
                          "kind": "award_ceremony"}]})
        full = create("full", {
            "kind": "workshop", "title": {"en": "Workshop: repairable laptops", "nl": "Workshop: herstelbare laptops"},
            "languages": ["en"], "starts_at": f"{day}T09:00:00", "ends_at": f"{day}T11:00:00", "venue": "Brussels, Belgium",
            "capacity": 1, "waitlist": True})
        client.post(f"/events/{full}/registrations", json={"name": "Kim Claes", "email": "kim.claes@example.org", "language": "nl",
                                                           "consent": True}).raise_for_status()
        create("closed", {
            "kind": "webinar", "title": {"en": "Webinar: e-waste and take-back", "nl": "Webinar: e-waste en terugname"},
            "languages": ["en"], "starts_at": f"{day}T10:00:00", "ends_at": f"{day}T11:00:00",
            "registration_closes_on": (date.today() - timedelta(days=1)).isoformat(), "join_url": "https://meet.example.org/j/e-waste"})


def web_id(service_type: str, service_id: str) -> str:
    """The site's URL segment for a gateway global id (base64 of 'Type:id', URL-safe, unpadded)."""
    return base64.b64encode(f"{service_type}:{service_id}".encode()).decode().replace("+", "-").replace("/", "_").rstrip("=")


def unsubscribe_link(platform: Platform, recipient: str, category: str, language: str) -> str:
    """A stored unsubscribe link, as notifications makes one for a message (for pages in a chosen state)."""
    from datetime import UTC, datetime

    import sqlalchemy
    from notifications.adapters.links import new_token
    from notifications.adapters.orm import unsubscribe_links

    engine = sqlalchemy.create_engine(f"sqlite:///{platform.mail.parent / 'notifications.db'}")
    token = new_token()
    with engine.begin() as connection:
        connection.execute(unsubscribe_links.insert().values(token=token, recipient=recipient, category=category, language=language,
                                                            created_at=datetime.now(UTC)))
    engine.dispose()
    return token
