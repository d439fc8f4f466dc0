"""A person erased from the whole platform, end to end: every service's database holds nothing of them afterwards.

Eva Janssens is a contact of Stad Gent, signed the pact for it, registered for an event (and took its only
seat) and was invited to the jury; the platform wrote to her. Jan Peeters registered too and waits for a
seat. The secretariat asks, through the gateway, to erase Eva; every service answers, and then:
no database of any service contains her e-mail address or her name, Jan has her seat, the register
still verifies, and her personal-data export is empty. Four real services, the gateway, the broker
and an SMTP server; two services on SQLite, two on PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from notifications.adapters.mailcatcher import start_mailcatcher
from servicekit.db import make_engine
from servicekit.localbroker import LocalBroker, free_port
from servicekit.testing import RunningServer, bearer, eventually, personal_data_left, service_env

EVA, EVA_EMAIL = "Eva Janssens", "eva.janssens@gent.example"
JAN_EMAIL = "jan.peeters@gent.example"
FUTURE = datetime.now(UTC) + timedelta(days=60)


@pytest.fixture
def kafka_bootstrap(tmp_path):
    """A broker of the test's own: services that stop here must not leave consumer groups on the shared one."""
    with LocalBroker(log_file=tmp_path / "tansu.log") as broker:
        yield broker.bootstrap_servers


@pytest.fixture
async def platform(monkeypatch, tmp_path, postgres, kafka_bootstrap, jwt_keys):
    from awards.bootstrap import create_app as awards_app
    from events.bootstrap import create_app as events_app
    from gateway.app import create_app as gateway_app
    from membership.bootstrap import create_app as membership_app
    from notifications.bootstrap import create_app as notifications_app

    databases = {
        "membership": f"sqlite+aiosqlite:///{tmp_path / 'membership.db'}",
        "events": await postgres.create("events"),
        "awards": f"sqlite+aiosqlite:///{tmp_path / 'awards.db'}",
        "notifications": await postgres.create("notifications"),
    }
    smtp_port = free_port()
    mail = start_mailcatcher(tmp_path / "mail", port=smtp_port)
    fast = dict(relay_poll_seconds="0.2")
    for service, url in databases.items():
        service_env(monkeypatch, service, database_url=url, kafka=kafka_bootstrap, public_key=jwt_keys[1], **fast)
    for key, value in dict(smtp_port=str(smtp_port), link_secret="erasure-test", public_base_url="http://notifications.test",
                           dispatch_poll_seconds="0.05").items():
        monkeypatch.setenv(f"NOTIFICATIONS_{key.upper()}", value)
    monkeypatch.setenv("KAFKA_SESSION_TIMEOUT_MS", "2000")
    try:
        async with RunningServer(membership_app()) as m, RunningServer(events_app()) as e, RunningServer(awards_app()) as a, \
                RunningServer(notifications_app()) as n:
            for name, server in (("MEMBERSHIP", m), ("EVENTS", e), ("AWARDS", a), ("NOTIFICATIONS", n)):
                monkeypatch.setenv(f"GATEWAY_{name}_URL", server.url)
            async with RunningServer(gateway_app()) as g:
                yield {"gateway": g.url, "membership": m.url, "events": e.url, "awards": a.url, "databases": databases, "mail": tmp_path / "mail"}
    finally:
        mail.stop()


class Gateway:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    async def __call__(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        """As the secretariat by default; ``token=""`` calls without a token (the public)."""
        token = self.token if token is None else token
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(f"{self.url}/graphql", json={"query": query, "variables": variables or {}},
                                         headers=bearer(token) if token else {})
        body = response.json()
        assert "errors" not in body, body
        return body["data"]


async def test_an_erased_person_is_gone_from_every_service_and_the_aggregates_hold(platform, token):
    secretariat, verifier = token("secretariat", subject="desk-1"), token("secretariat", subject="desk-2")
    gql = Gateway(platform["gateway"], secretariat)

    # Eva: a contact of Stad Gent, its signatory, a registrant who took the only seat, and a juror.
    gent = (await gql("""mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { id } }""", {"i": {
        "name": f"Stad Gent {uuid.uuid4().hex[:6]}", "kind": "PROCURING", "country": "BE", "languages": ["NL"],
        "contacts": [{"name": EVA, "email": EVA_EMAIL, "language": "NL", "consentOn": "2021-06-01", "role": "pact contact"}]}}))["registerOrganisation"]
    async with httpx.AsyncClient(base_url=platform["membership"], timeout=30) as http:
        document = await http.post("/documents", headers=bearer(secretariat), files={"file": ("pact.pdf", b"%PDF the pact", "application/pdf")},
                                   data={"kind": "pact", "version": "2021", "language": "nl", "title": "Pact", "published_on": "2021-06-01"})
        assert document.status_code == 201, document.text
    signature = (await gql("""mutation($i: RecordSignatureInput!) { recordSignature(input: $i) { id } }""", {"i": {
        "organisationId": gent["id"], "documentId": document.json()["id"], "signatoryName": EVA, "signatoryFunction": "Schepen",
        "signedOn": "2021-06-14", "signedPlace": "Gent"}}))["recordSignature"]
    await gql("mutation($id: ID!) { verifySignature(id: $id) { status } }", {"id": signature["id"]}, token=verifier)

    day = FUTURE.date().isoformat()
    event = (await gql("""mutation($i: CreateEventInput!) { createEvent(input: $i) { id } }""", {"i": {
        "kind": "WORKSHOP", "titles": [{"language": "NL", "text": "Circulair aankopen"}], "startsAt": f"{day}T10:00:00",
        "endsAt": f"{day}T12:00:00", "venue": "Gent", "capacity": 1, "waitlist": True}}))["createEvent"]
    await gql("mutation($id: ID!) { publishEvent(id: $id) { status } }", {"id": event["id"]})
    register = "mutation($e: ID!, $i: RegisterInput!) { register(eventId: $e, input: $i) { id status } }"
    eva = (await gql(register, {"e": event["id"], "i": {"name": EVA, "email": EVA_EMAIL, "language": "NL", "consent": True}}, token=""))["register"]
    jan = (await gql(register, {"e": event["id"], "i": {"name": "Jan Peeters", "email": JAN_EMAIL, "language": "NL", "consent": True}},
                     token=""))["register"]
    assert (eva["status"], jan["status"]) == ("CONFIRMED", "WAITLISTED")

    async with httpx.AsyncClient(base_url=platform["awards"], timeout=30) as http:
        edition = await http.post("/editions", headers=bearer(secretariat), json={
            "name": f"Fair ICT Awards {uuid.uuid4().hex[:6]}", "organiser": "Fair ICT Flanders", "quorum": 1,
            "timeline": {"nominations_open_at": (FUTURE + timedelta(days=1)).isoformat(), "nominations_close_at": (FUTURE + timedelta(days=30)).isoformat(),
                         "voting_opens_at": (FUTURE + timedelta(days=40)).isoformat(), "voting_closes_at": (FUTURE + timedelta(days=50)).isoformat()},
            "categories": [{"name": "Good practice", "eligible_kinds": ["procuring"], "criteria": [{"name": "Impact", "weight": 1}]}]})
        assert edition.status_code == 201, edition.text
    await gql("mutation($i: InviteJurorInput!) { inviteJuror(input: $i) { id } }",
              {"i": {"editionId": edition.json()["id"], "name": EVA, "email": EVA_EMAIL, "language": "NL"}})

    # The platform wrote to her: the registration's confirmation and the jury invitation at least.
    async def mails_to_eva() -> bool:
        return platform["mail"].exists() and sum(EVA_EMAIL in p.read_text(errors="replace") for p in platform["mail"].glob("*.eml")) >= 2

    assert await eventually(mails_to_eva, timeout=60, interval=0.2)
    export = "query($e: String!, $n: [String!]) { personalData(email: $e, names: $n) { service records } }"
    before = {d["service"]: d["records"] for d in (await gql(export, {"e": EVA_EMAIL, "n": [EVA]}))["personalData"]}
    assert all(before[s] for s in ("membership", "events", "awards", "notifications")), before

    # The erasure, through the gateway, until every service has answered.
    request = (await gql("""mutation($i: PersonErasureInput!) { requestPersonErasure(input: $i) { id status } }""",
                         {"i": {"email": EVA_EMAIL, "names": [EVA], "reason": "Her request of 24 November 2026 (ref. GDPR-17)"}}))["requestPersonErasure"]

    async def completed():
        found = (await gql("query($id: ID!) { erasureRequest(id: $id) { status awaiting answers { service erased } } }", {"id": request["id"]}))
        return found["erasureRequest"] if found["erasureRequest"]["status"] == "COMPLETED" else None

    done = await eventually(completed, timeout=90, interval=0.5)
    assert {a["service"] for a in done["answers"]} == {"membership", "events", "awards", "notifications"} and done["awaiting"] == []

    # Nothing of her in any database; Jan is still there.
    for service, url in platform["databases"].items():
        engine = make_engine(url)
        try:
            assert await personal_data_left(engine, {EVA_EMAIL, EVA}) == [], service
            if service == "events":
                assert await personal_data_left(engine, {JAN_EMAIL}) != []
        finally:
            await engine.dispose()

    # The aggregates hold: Jan took the seat she left, and the register still verifies.
    registration = "query($id: ID!) { registration(id: $id) { status } }"
    assert (await gql(registration, {"id": jan["id"]}))["registration"]["status"] == "CONFIRMED"
    async with httpx.AsyncClient(base_url=platform["membership"], timeout=30) as http:
        verified = await http.get("/register/verify")
        assert verified.status_code == 200 and verified.json()["ok"] is True, verified.text
    after = {d["service"]: d["records"] for d in (await gql(export, {"e": EVA_EMAIL, "n": [EVA]}))["personalData"]}
    assert all(not _personal(records) for records in after.values()), {s: _personal(r) for s, r in after.items()}
    organisation = (await gql("query($id: ID!) { organisation(id: $id) { name contacts { email } } }", {"id": gent["id"]}))["organisation"]
    assert organisation["name"].startswith("Stad Gent") and organisation["contacts"] == []  # the organisation stays: only the person went


def _personal(records: dict) -> list:
    """The records that still name the person (an export lists the erasure itself: its request, each service's record of it)."""
    return [kind for kind, items in records.items() if items and kind not in ("erasure_request", "erasures")]
