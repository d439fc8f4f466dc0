"""What the events service holds of a person, for the secretariat answering a data subject's request.

POST with the address in the body, never in the URL: it must not reach access logs. The person is
matched exactly as an erasure request matches them (``person_hash`` of the stored values).
"""

from __future__ import annotations

from datetime import datetime

from contracts.privacy import person_hash
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from servicekit.errors import PROBLEM_RESPONSES
from servicekit.http import require_roles
from servicekit.inputs import EmailAddress, single_line

from events.adapters.event_repository import EventRepository
from events.adapters.privacy_repository import PrivacyRepository
from events.adapters.reading import reading
from events.adapters.registration_repository import RegistrationRepository
from events.entrypoints.access import STAFF

router = APIRouter(prefix="/privacy", tags=["privacy"], responses=PROBLEM_RESPONSES)
PersonName = single_line(max_length=300)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"email": "kim.claes@example.org", "names": ["Kim Claes"]}]})
    email: EmailAddress = Field(description="The person's e-mail address.")
    names: list[PersonName] = Field(default_factory=list, max_length=20,
                             description="Names the person may be recorded under without an e-mail address (programme speakers).")


class PersonalData(BaseModel):
    service: str
    records: dict[str, list[dict]] = Field(description="Kind -> the records of that kind, as JSON; empty when the person is unknown.")


@router.post("/export", summary="Everything the events service holds of a person (secretariat, operator)")
async def export_person(body: PersonIn, request: Request, _=require_roles(*STAFF)) -> PersonalData:
    name_hashes = {person_hash(n, kind="name") for n in body.names if n.strip()}
    async with reading(request.app.state.runtime.sessionmaker) as session:
        privacy, events, registrations = PrivacyRepository(session), EventRepository(session), RegistrationRepository(session)
        records: dict[str, list[dict]] = {}
        for r in await privacy.registrations_of(person_hash(body.email, kind="email")):
            event = await events.get(r.event_id, programme=False)
            records.setdefault("registration", []).append({
                "registration_id": r.id, "event_id": r.event_id, "event_title": {k.value: v for k, v in event.title.items()},
                "event_starts_at": _iso(event.starts_at), "event_ends_at": _iso(event.ends_at), "status": r.status.value,
                "waitlist_position": await registrations.waitlist_position(r), "registered_at": _iso(r.registered_at),
                "confirmed_at": _iso(r.confirmed_at), "cancelled_at": _iso(r.cancelled_at), "cancelled_by": r.cancelled_by,
                "checked_in_at": _iso(r.checked_in_at), "language": r.language.value, "name": r.name, "email": r.email,
                "organisation": r.organisation, "organisation_id": r.organisation_id, "consent": r.consent,
            })
        for session_id, event_id, title, speakers in await privacy.sessions_with_speakers(name_hashes):
            for s in speakers:
                if person_hash(s["name"], kind="name") in name_hashes:
                    records.setdefault("speaker", []).append({"event_id": event_id, "session_id": session_id, "session_title": title,
                                                              "name": s["name"], "affiliation": s.get("affiliation")})
    return PersonalData(service="events", records=records)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
