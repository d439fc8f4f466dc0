"""Awards' HTTP API in-process on SQLite and PostgreSQL, with a clock the tests move through an edition's timeline.

Membership and the events service are known only from their events: ``Awards.organisation``
and ``Awards.ceremony`` feed them through the same handlers the inbox consumers call.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from contracts import Envelope
from contracts.events import EventCancelled, EventKind, EventPublished, EventSnapshot, ProgrammeSession, SessionKind
from contracts.membership import (
    DocumentKind,
    Language,
    OrganisationArchived,
    OrganisationKind,
    OrganisationRegistered,
    SignatureStatus,
    SignatureVerified,
)
from servicekit.testing import bearer, service_env

from awards.bootstrap import create_app
from awards.service_layer import handlers

NOMINATIONS_OPEN = datetime(2021, 5, 1, 8, tzinfo=UTC)
SCREENING = datetime(2021, 7, 15, 8, tzinfo=UTC)
VOTING = datetime(2021, 9, 15, 8, tzinfo=UTC)
CLOSED = datetime(2021, 10, 2, 8, tzinfo=UTC)
CEREMONY = datetime(2021, 10, 14, 14, tzinfo=UTC)  # 16:00 in Brussels

TIMELINE = {
    "nominations_open_at": "2021-05-01T00:00:00Z",
    "nominations_close_at": "2021-06-30T22:00:00Z",
    "voting_opens_at": "2021-09-01T00:00:00Z",
    "voting_closes_at": "2021-10-01T00:00:00Z",
}

CATEGORIES = [
    {
        "name": "Good practice",
        "eligible_kinds": ["procuring", "coordinating"],
        "self_nomination_allowed": False,
        "scale": {"min": 1, "max": 5},
        "criteria": [{"name": "Impact", "weight": 3}, {"name": "Replicability", "weight": 1}],
    },
    {
        "name": "Frontrunner",
        "eligible_kinds": ["procuring"],
        "self_nomination_allowed": True,
        "scale": {"min": 1, "max": 5},
        "criteria": [{"name": "Ambition", "weight": 1}],
    },
]


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _envelope(event, at: datetime, source: str) -> Envelope:
    return Envelope(source=source, type=event.event_type, subject=event.aggregate_id, correlationid="test", time=at)


class Awards:
    """The API under test plus the ways its world is set up."""

    TIMELINE = TIMELINE
    NOMINATIONS_OPEN, SCREENING, VOTING, CLOSED, CEREMONY = NOMINATIONS_OPEN, SCREENING, VOTING, CLOSED, CEREMONY

    def __init__(self, client: httpx.AsyncClient, runtime, clock: Clock, token):
        self.client, self.runtime, self.clock, self._token = client, runtime, clock, token
        self.secretariat = bearer(token("secretariat"))
        self._snapshots: dict[str, EventSnapshot] = {}

    def member(self, organisation_id: str) -> dict:
        return bearer(self._token("member", org=organisation_id))

    def as_juror(self, juror_id: str) -> dict:
        return bearer(self._token("juror", juror=juror_id))

    async def organisation(self, name: str, kind: str = "procuring", member: bool = True) -> str:
        org_id = str(uuid.uuid4())
        at = datetime(2021, 1, 1, tzinfo=UTC)
        event = OrganisationRegistered(
            organisation_id=org_id, name=name, kind=OrganisationKind(kind), country="BE", languages=[Language.NL], registered_at=at
        )
        async with self.runtime.uow() as uow:
            await handlers.on_organisation_registered(event, _envelope(event, at, "membership"), uow)
            if member:
                signature = SignatureVerified(
                    signature_id=str(uuid.uuid4()),
                    organisation_id=org_id,
                    document_id="pact-2021",
                    document_kind=DocumentKind.PACT,
                    status=SignatureStatus.VERIFIED,
                    verified_by="bob",
                    verified_at=at,
                )
                await handlers.on_signature_changed(signature, _envelope(signature, at, "membership"), uow)
            await uow.commit()
        return org_id

    async def archive(self, organisation_id: str) -> None:
        at = datetime(2021, 3, 1, tzinfo=UTC)
        event = OrganisationArchived(organisation_id=organisation_id, reason="merged", archived_by="alice", archived_at=at)
        async with self.runtime.uow() as uow:
            await handlers.on_organisation_archived(event, _envelope(event, at, "membership"), uow)
            await uow.commit()

    async def ceremony(self, starts_at: datetime = CEREMONY) -> dict:
        event_id, session_id = str(uuid.uuid4()), str(uuid.uuid4())
        snapshot = EventSnapshot(
            event_id=event_id,
            kind=EventKind.ONLINE_CONFERENCE,
            title={Language.EN: "Fair ICT Flanders online conference 2021"},
            starts_at=starts_at - timedelta(hours=6),
            ends_at=starts_at + timedelta(hours=1),
            online=True,
            languages=[Language.NL],
        )
        session = ProgrammeSession(
            session_id=session_id, starts_at=starts_at, duration_minutes=30, title="Fair ICT Awards 2021", kind=SessionKind.AWARD_CEREMONY
        )
        event = EventPublished(
            event_id=event_id, event=snapshot, waitlist=False, sessions=[session], published_at=starts_at - timedelta(days=30)
        )
        async with self.runtime.uow() as uow:
            await handlers.on_event_published(event, _envelope(event, starts_at - timedelta(days=30), "events"), uow)
            await uow.commit()
        self._snapshots[event_id] = snapshot
        return {"event_id": event_id, "session_id": session_id}

    async def cancel_event(self, event_id: str, at: datetime) -> None:
        event = EventCancelled(event_id=event_id, event=self._snapshots[event_id], reason="Storm warning", cancelled_at=at)
        async with self.runtime.uow() as uow:
            await handlers.on_event_cancelled(event, _envelope(event, at, "events"), uow)
            await uow.commit()

    async def edition(self, **overrides) -> dict:
        body = {
            "name": f"Fair ICT Awards {uuid.uuid4().hex[:6]}",
            "organiser": "Fair ICT Flanders",
            "timeline": TIMELINE,
            "quorum": 2,
            "categories": CATEGORIES,
            **overrides,
        }
        response = await self.client.post("/editions", json=body, headers=self.secretariat)
        assert response.status_code == 201, response.text
        return response.json()

    async def nominate(self, edition: dict, nominee: str, nominator: str, category: int = 0, expect: int = 201) -> dict:
        body = {
            "category_id": edition["categories"][category]["id"],
            "nominee_id": nominee,
            "motivation": {"en": "Buys refurbished laptops", "nl": "Koopt gerefurbishte laptops"},
            "links": ["https://example.org/case"],
        }
        response = await self.client.post(f"/editions/{edition['id']}/nominations", json=body, headers=self.member(nominator))
        assert response.status_code == expect, response.text
        return response.json()

    async def shortlisted(self, edition: dict, nominee: str, nominator: str, category: int = 0) -> dict:
        self.clock.now = NOMINATIONS_OPEN
        nomination = await self.nominate(edition, nominee, nominator, category)
        self.clock.now = SCREENING
        for step, body in (("screening", {"decision": "eligible"}), ("shortlist", None)):
            response = await self.client.post(f"/nominations/{nomination['id']}/{step}", json=body, headers=self.secretariat)
            assert response.status_code == 200, response.text
        return response.json()

    async def juror(self, edition: dict, name: str, organisation_id: str | None = None, accept: bool = True) -> tuple[dict, dict]:
        body = {
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "language": "nl",
            "organisation_id": organisation_id,
        }
        response = await self.client.post(f"/editions/{edition['id']}/jurors", json=body, headers=self.secretariat)
        assert response.status_code == 201, response.text
        juror = response.json()
        headers = self.as_juror(juror["id"])
        if accept:
            response = await self.client.post(f"/jurors/{juror['id']}/acceptance", headers=headers)
            assert response.status_code == 200, response.text
        return juror, headers

    async def ballot(self, nomination: dict, headers: dict, scores: list[int], expect: int = 200, comment: str | None = None) -> dict:
        edition = (await self.client.get(f"/editions/{nomination['edition_id']}")).json()
        category = next(c for c in edition["categories"] if c["id"] == nomination["category_id"])
        body = {"scores": {c["id"]: s for c, s in zip(category["criteria"], scores)}, "comment": comment}
        response = await self.client.put(f"/nominations/{nomination['id']}/ballot", json=body, headers=headers)
        assert response.status_code == expect, response.text
        return response.json()


@pytest.fixture
def awards_env() -> dict[str, str]:
    return {"run_consumers": "false", "run_scheduler": "false"}


@pytest.fixture
async def awards(database_url, monkeypatch, jwt_keys, token, awards_env):
    service_env(monkeypatch, "awards", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1], **awards_env)
    app = create_app()
    clock = Clock(NOMINATIONS_OPEN)
    app.state.runtime.clock = clock
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://awards") as client:
            yield Awards(client, app.state.runtime, clock, token)
