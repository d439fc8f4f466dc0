"""Events published by the membership service."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from pydantic import Field

from contracts.registry import IntegrationEvent, event
from contracts.topics import MEMBERSHIP_ORGANISATION


class OrganisationKind(str, Enum):
    """Procuring and coordinating organisations sign the pact; supporting ones a letter of support."""

    PROCURING = "procuring"
    COORDINATING = "coordinating"
    SUPPORTING = "supporting"


class Language(str, Enum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


@event("membership.organisation.registered.v1", topic=MEMBERSHIP_ORGANISATION, aggregate="organisation_id")
class OrganisationRegistered(IntegrationEvent):
    """An organisation was registered with the pact secretariat."""

    organisation_id: str = Field(description="Stable id of the organisation (UUID).")
    name: str
    kind: OrganisationKind
    country: str = Field(description="ISO 3166-1 alpha-2 code.", min_length=2, max_length=2)
    website: str | None = None
    languages: list[Language] = Field(description="Preferred languages, most preferred first.")
    registered_at: datetime
