"""Personal data over HTTP: what the service holds of a person, for the secretariat to hand over (GDPR art. 15)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES
from servicekit.http import require_roles

from notifications.entrypoints.schemas import PersonalDataOut, PersonIn
from notifications.service_layer import privacy

router = APIRouter(prefix="/privacy", tags=["privacy"], responses=PROBLEM_RESPONSES)


@router.post("/export", summary="Everything held of a person: copies, messages to and about them, preferences (no bodies or links)")
async def export_personal_data(body: PersonIn, request: Request,
                               principal: Principal = require_roles(Role.SECRETARIAT, Role.OPERATOR)) -> PersonalDataOut:
    records = await privacy.export(request.app.state.runtime.uow(), body.email, body.names)
    return PersonalDataOut(records=records)
