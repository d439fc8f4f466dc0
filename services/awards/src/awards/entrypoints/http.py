"""Awards' HTTP API. For now: what awards knows of an organisation (its local copy)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from servicekit.errors import PROBLEM_RESPONSES, NotFound

from awards.adapters.repository import KnownOrganisationRepository, KnownSignatureRepository

router = APIRouter(prefix="/known-organisations", tags=["organisations"], responses=PROBLEM_RESPONSES)


class KnownOrganisationOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str
    registered_at: datetime
    updated_at: datetime
    archived_at: datetime | None = Field(default=None, description="Archived in membership's register: no longer nominated.")
    member: bool = Field(description="Has a verified signature that is not withdrawn, as membership's events report it.")


@router.get("/{organisation_id}", summary="Awards' local copy of a membership organisation")
async def get_known_organisation(organisation_id: str, request: Request) -> KnownOrganisationOut:
    async with request.app.state.runtime.sessionmaker() as session:
        org = await KnownOrganisationRepository(session).get(organisation_id)
        member = await KnownSignatureRepository(session).is_member(organisation_id)
    if org is None:
        raise NotFound("Organisation", organisation_id)
    return KnownOrganisationOut(**vars(org), member=member)
