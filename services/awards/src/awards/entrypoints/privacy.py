"""What awards holds of a person, for the secretariat answering a data subject's request.

POST with the address in the body, never in the URL (access logs). The person is matched as an
erasure request matches them: by the hash of a juror's e-mail address or name, and of token subjects.
Ballot scores and comments stay secret (not even the secretariat reads them); the receipts are the juror's.
"""

from __future__ import annotations

from contracts.privacy import person_hash
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from servicekit.auth import Role
from servicekit.errors import PROBLEM_RESPONSES
from servicekit.http import require_roles
from servicekit.inputs import EmailAddress, single_line
from sqlalchemy import select

from awards.adapters.orm import ballot_versions, ballots, conflicts, editions

router = APIRouter(prefix="/privacy", tags=["privacy"], responses=PROBLEM_RESPONSES)
PersonName = single_line(max_length=300)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"email": "kim.claes@example.org", "names": ["Kim Claes"]}]})
    email: EmailAddress = Field(description="The person's e-mail address.")
    names: list[PersonName] = Field(default_factory=list, max_length=20, description="Names the person may be recorded under.")


class PersonalData(BaseModel):
    service: str
    records: dict[str, list[dict]] = Field(description="Kind -> the records of that kind, as JSON; empty when the person is unknown.")


def _iso(moment):
    return moment.isoformat() if moment else None


@router.post("/export", summary="Everything awards holds of a person (secretariat, operator)")
async def export_person(body: PersonIn, request: Request, _=require_roles(Role.SECRETARIAT, Role.OPERATOR)) -> PersonalData:
    email_hash, name_hashes = person_hash(body.email, kind="email"), {person_hash(n, kind="name") for n in body.names if n.strip()}
    records: dict[str, list[dict]] = {}
    async with request.app.state.runtime.uow() as uow:
        found = await uow.privacy.jurors_of(email_hash, name_hashes)
        names = dict((await uow.session.execute(select(editions.c.id, editions.c.name))).all())
        for j in found:
            records.setdefault("juror", []).append({
                "juror_id": j.id, "edition_id": j.edition_id, "edition_name": names.get(j.edition_id), "name": j.name, "email": j.email,
                "language": j.language, "organisation_id": j.organisation_id, "status": j.status.value, "invited_at": _iso(j.invited_at),
                "accepted_at": _iso(j.accepted_at), "removed_at": _iso(j.removed_at), "removal_reason": j.removal_reason,
            })
        ids = [j.id for j in found]
        query = (select(ballots.c.juror_id, ballots.c.edition_id, ballots.c.nomination_id, ballot_versions.c.version, ballot_versions.c.receipt,
                        ballot_versions.c.cast_at)
                 .join(ballot_versions, ballot_versions.c.ballot_id == ballots.c.id).where(ballots.c.juror_id.in_(ids))
                 .order_by(ballot_versions.c.cast_at))
        for r in (await uow.session.execute(query)).all() if ids else []:
            records.setdefault("ballot_receipt", []).append({**r._mapping, "cast_at": _iso(r.cast_at)})
        for r in (await uow.session.execute(select(conflicts).where(conflicts.c.juror_id.in_(ids)))).all() if ids else []:
            records.setdefault("conflict_declaration", []).append({**r._mapping, "declared_at": _iso(r.declared_at)})
        for table, column, key, value in await uow.privacy.actions_of(email_hash, name_hashes):
            records.setdefault("recorded_as_actor", []).append({"record": f"{table.name}.{column}", "id": key, "subject": value})
        plaintext = {body.email, *body.names} | {v for j in found for v in (j.name, j.email)}
        for where, key in await uow.privacy.free_text_mentions(plaintext):
            records.setdefault("mentioned_in", []).append({"record": where, "id": key})
    return PersonalData(service="awards", records=records)
