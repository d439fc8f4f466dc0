"""The events service and notifications through the broker: what an event's organisers and registrants receive.

The events service runs on SQLite, notifications on PostgreSQL, with a real SMTP server (aiosmtpd) and a real webhook
receiver; messages are checked with outside clients (standardwebhooks; icalendar, ics and vobject for calendar files).
"""

from __future__ import annotations

import email
import email.policy
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import icalendar
import ics
import pytest
import vobject
from notifications.adapters.mailcatcher import start_mailcatcher
from servicekit.localbroker import LocalBroker, free_port
from servicekit.testing import RunningServer, bearer, eventually, service_env
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

EVENT_TYPES = ["events.event.cancelled.v1", "events.event.programme_changed.v1", "events.event.published.v1"]


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of the test's own: services that stop here must not leave consumer groups on the shared one."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


class Receiver:
    def __init__(self):
        self.received: list[tuple[str, dict, bytes]] = []  # (path name: whose hook, headers, body)
        self.app = Starlette(routes=[Route("/{name}", self.hook, methods=["POST"])])

    async def hook(self, request: Request) -> Response:
        self.received.append((request.path_params["name"], dict(request.headers), await request.body()))
        return Response(status_code=204)

    async def count(self) -> int:
        return len(self.received)


@pytest.fixture
async def system(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from events.bootstrap import create_app as events_app
    from notifications.bootstrap import create_app as notifications_app

    smtp_port = free_port()
    mail = start_mailcatcher(tmp_path / "mail", port=smtp_port)
    service_env(monkeypatch, "events", database_url=f"sqlite+aiosqlite:///{tmp_path / 'events.db'}", kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2")
    service_env(monkeypatch, "notifications", database_url=await postgres.create("notifications_events"), kafka=kafka_bootstrap,
                public_key=jwt_keys[1], relay_poll_seconds="0.2", smtp_port=str(smtp_port), link_secret="events-test",
                public_base_url="http://notifications.test", dispatch_poll_seconds="0.05", allow_private_webhooks="true")
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    receiver = Receiver()
    try:
        async with RunningServer(events_app()) as e, RunningServer(notifications_app()) as n, RunningServer(receiver.app) as r:
            yield {"events": e.url, "notifications": n.url, "receiver": receiver, "hooks": r.url, "mail": tmp_path / "mail"}
    finally:
        mail.stop()


def messages_to(directory, address: str) -> list[email.message.EmailMessage]:
    found = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(directory.glob("*.eml"))]
    return [m for m in found if address in str(m["To"])]


def calendar_of(message) -> tuple[str, str]:
    """(the attachment's method parameter, the calendar text) of the one calendar file of a message."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), part.get_content()


def read_with_every_library(text: str) -> dict[str, dict]:
    """What icalendar, ics and vobject each read: the UID, the start in UTC, the METHOD, STATUS and SEQUENCE (ics has none)."""
    cal = icalendar.Calendar.from_ical(text)
    [vevent] = cal.walk("VEVENT")
    by_icalendar = {"uid": str(vevent["UID"]), "start": vevent.decoded("DTSTART").astimezone(UTC), "method": str(cal["METHOD"]),
                    "status": str(vevent.get("STATUS")), "sequence": int(vevent.get("SEQUENCE", 0))}
    [event] = ics.Calendar(text).events
    by_ics = {"uid": event.uid, "start": event.begin.to("UTC").datetime, "method": ics.Calendar(text).method, "status": event.status}
    # vobject (Radicale and other CalDAV servers) applies the first VTIMEZONE it read for a TZID to every later file of the
    # process: forget it, so that this file's own VTIMEZONE is read, as by a server that has not seen another file yet.
    vobject.icalendar.__dict__["__tzidMap"].pop("Europe/Brussels", None)
    parsed = vobject.readOne(text)
    by_vobject = {"uid": parsed.vevent.uid.value, "start": parsed.vevent.dtstart.value.astimezone(UTC), "method": parsed.method.value,
                  "status": getattr(parsed.vevent, "status", None) and parsed.vevent.status.value,
                  "sequence": int(getattr(parsed.vevent, "sequence", None) and parsed.vevent.sequence.value or 0)}
    return {"icalendar": by_icalendar, "ics": by_ics, "vobject": by_vobject}


def event_body(starts_at: str, ends_at: str, **extra) -> dict:
    return {"kind": "workshop", "title": {"nl": "Circulair aankopen", "en": "Circular procurement"}, "languages": ["nl"],
            "starts_at": starts_at, "ends_at": ends_at, "venue": "Gent", "online": False, **extra}


async def test_an_organisers_webhook_hears_of_its_events_cancellation_and_programme_changes(system, token):
    staff = bearer(token("secretariat"))
    organiser, other = str(uuid.uuid4()), str(uuid.uuid4())
    receiver = system["receiver"]
    async with httpx.AsyncClient(base_url=system["notifications"], timeout=30) as notifications:
        subscriptions = {}
        for org in (organiser, other):
            created = await notifications.post("/webhooks/subscriptions", headers=bearer(token("member", org=org)),
                                               json={"url": f"{system['hooks']}/{org}", "event_types": EVENT_TYPES})
            assert created.status_code == 201, created.text
            subscriptions[org] = created.json()["secret"]
    async with httpx.AsyncClient(base_url=system["events"], timeout=30) as events:
        created = await events.post("/events", headers=staff, json=event_body("2027-03-10T13:00:00", "2027-03-10T17:00:00", organiser_ids=[organiser]))
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        assert (await events.post(f"/events/{event_id}/publish", headers=staff)).status_code == 200
        session = await events.post(f"/events/{event_id}/sessions", headers=staff, json={
            "starts_at": "2027-03-10T14:00:00", "duration_minutes": 30, "title": "Getuigenis Stad Gent", "kind": "testimony"})
        assert session.status_code == 201, session.text
        cancelled = await events.post(f"/events/{event_id}/cancel", headers=staff, json={"reason": "Spreker ziek"})
        assert cancelled.status_code == 200, cancelled.text

    await eventually(receiver.count, expect=3, timeout=30)
    assert {whose for whose, _, _ in receiver.received} == {organiser}  # not the other member's hook
    payloads = [Webhook(subscriptions[organiser]).verify(body, headers) for _, headers, body in receiver.received]  # the reference library
    assert sorted((p["type"], p["data"]["event_id"]) for p in payloads) == [(t, event_id) for t in EVENT_TYPES]


@pytest.mark.parametrize("day, utc_hour", [("2027-01-20", 12), ("2027-07-15", 11)], ids=["winter", "summer"])
async def test_calendar_files_agree_in_every_library_and_a_cancellation_removes_the_one_entry(system, token, day, utc_hour):
    """13:00 in Brussels is 12:00 UTC in winter and 11:00 UTC in summer, in icalendar, ics and vobject alike; the e-mailed
    invitation and the calendar link are one entry (one UID); cancelling sends METHOD:CANCEL for that UID, a higher SEQUENCE."""
    staff = bearer(token("secretariat"))
    starts = datetime.fromisoformat(f"{day}T{utc_hour:02d}:00:00+00:00")
    mine, theirs = (f"{who}.{uuid.uuid4().hex[:6]}@gent.example" for who in ("an", "bert"))
    async with httpx.AsyncClient(base_url=system["events"], timeout=30) as events:
        created = await events.post("/events", headers=staff, json=event_body(f"{day}T13:00:00", f"{day}T15:00:00"))
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        assert (await events.post(f"/events/{event_id}/publish", headers=staff)).status_code == 200
        registrations = {}
        for address in (mine, theirs):
            registered = await events.post(f"/events/{event_id}/registrations", json={"name": "An Peeters", "email": address, "language": "nl",
                                                                                    "consent": True})
            assert registered.status_code == 201, registered.text
            registrations[address] = registered.json()
        link = urlsplit(registrations[mine]["calendar_url"])
        linked = await events.get(link.path, params=dict(p.split("=", 1) for p in link.query.split("&")))
        assert linked.status_code == 200 and linked.headers["content-type"].startswith("text/calendar")

        async def invited() -> int:
            return sum(len(messages_to(system["mail"], a)) for a in (mine, theirs))

        await eventually(invited, expect=2, timeout=30)
        # One registration cancelled by its registrant (its cancel link), then the whole event by the secretariat.
        cancel = urlsplit(registrations[mine]["cancel_url"])
        assert (await events.post(cancel.path, params=dict(p.split("=", 1) for p in cancel.query.split("&")))).status_code == 200
        await eventually(lambda: _count(system["mail"], mine), expect=2, timeout=30)
        assert (await events.post(f"/events/{event_id}/cancel", headers=staff, json={"reason": "Zaal niet beschikbaar"})).status_code == 200
        await eventually(lambda: _count(system["mail"], theirs), expect=2, timeout=30)
        linked_after = await events.get(link.path, params=dict(p.split("=", 1) for p in link.query.split("&")))

    for address in (mine, theirs):
        invitation, cancellation = sorted(messages_to(system["mail"], address), key=lambda m: "invitation.ics" not in str(m))
        method, invitation_text = calendar_of(invitation)
        sent = read_with_every_library(invitation_text)
        uid = f"{registrations[address]['id']}@pact-registrations"
        for library in ("icalendar", "ics", "vobject"):
            assert sent[library]["start"] == starts, (library, sent[library]["start"])
            assert (method, sent[library]["method"], sent[library]["uid"]) == ("PUBLISH", "PUBLISH", uid), library
        if address == mine:  # the link's file is the same entry, before and after
            before, after = read_with_every_library(linked.text), read_with_every_library(linked_after.text)
            for library in ("icalendar", "ics", "vobject"):
                assert before[library]["start"] == starts, (library, before[library]["start"])
            for library in ("icalendar", "ics", "vobject"):
                assert before[library]["uid"] == after[library]["uid"] == uid, library
                assert after[library]["status"] == "CANCELLED", library
        cancel_method, cancel_text = calendar_of(cancellation)
        removed = read_with_every_library(cancel_text)
        for library in ("icalendar", "ics", "vobject"):
            assert (cancel_method, removed[library]["method"], removed[library]["uid"]) == ("CANCEL", "CANCEL", uid), library
            assert removed[library]["status"] == "CANCELLED", library
        for library in ("icalendar", "vobject"):
            assert removed[library]["sequence"] > sent[library]["sequence"], library
        if address == mine:
            assert sent["vobject"]["sequence"] <= before["vobject"]["sequence"] < removed["vobject"]["sequence"] <= after["vobject"]["sequence"]


async def _count(directory, address: str) -> int:
    return len(messages_to(directory, address))
