"""What awards knows of organisations: a local copy built from membership's events.

Eligibility of nominations is decided against this copy, never by calling membership.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class KnownOrganisation:
    id: str
    name: str
    kind: str
    country: str
    registered_at: datetime
    updated_at: datetime  # time of the membership event this copy reflects
    archived_at: datetime | None = None  # archived organisations are no longer nominated


@dataclass
class KnownSignature:
    """A signature as membership last reported it; a member has one that is verified (and not withdrawn)."""

    id: str
    organisation_id: str
    status: str
    updated_at: datetime


@dataclass
class KnownSession:
    """A programme session as the events service last reported it; a ceremony is one of kind award_ceremony."""

    id: str
    event_id: str
    title: str
    kind: str
    starts_at: datetime
    duration_minutes: int
    event_cancelled: bool = False

