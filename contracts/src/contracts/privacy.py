"""Personal data: a person's erasure, asked once and carried out by every service.

The secretariat files an erasure request in membership (the service that knows people as
contacts). Membership publishes ``person.erasure_requested.v1``; every service erases or
pseudonymises what it holds of that person and answers with ``person.erasure_completed.v1``.

The request names the person only by hashes (``person_hash``), so the topic itself never
carries an e-mail address or a name: a service finds the person by hashing what it holds.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import Field

from contracts.registry import IntegrationEvent, event
from contracts.topics import PRIVACY_ERASURE

_SPACES = re.compile(r"\s+")
PersonHash = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def normalise_name(name: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


def person_hash(value: str, *, kind: str) -> str:
    """SHA-256 of a normalised e-mail address (``kind="email"``) or person's name (``kind="name"``).

    Every service computes it the same way, from the value it stores, to recognise the person
    of an erasure request.
    """

    if kind == "email":
        text = normalise_email(value)
    elif kind == "name":
        text = normalise_name(value)
    else:
        raise ValueError(f"kind must be 'email' or 'name', not {kind!r}")
    return hashlib.sha256(f"pact-person:{kind}:{text}".encode()).hexdigest()


@event("person.erasure_requested.v1", topic=PRIVACY_ERASURE, aggregate="request_id")
class PersonErasureRequested(IntegrationEvent):
    """The secretariat asked, on the person's request, to erase everything the platform holds of them.

    Every service erases or pseudonymises that person's data (keeping aggregates such as seat
    counts, tallies and the register valid) and answers with ``person.erasure_completed.v1``.
    """

    request_id: str
    email_hash: PersonHash = Field(description="person_hash(email, kind='email'): the person's e-mail address, hashed.")
    name_hashes: list[PersonHash] = Field(default_factory=list, description="person_hash(name, kind='name') of each name the person was recorded under "
                                   "where no e-mail address is stored (signatories, group members).")
    requested_by: str = Field(description="Token subject of the secretariat user who filed the request.")
    requested_at: datetime


@event("person.erasure_completed.v1", topic=PRIVACY_ERASURE, aggregate="request_id")
class PersonErasureCompleted(IntegrationEvent):
    """One service has erased what it held of the person of an erasure request (possibly nothing)."""

    request_id: str
    service: str = Field(description="'membership', 'events', 'awards' or 'notifications'.")
    erased: dict[str, int] = Field(default_factory=dict, description="Records erased or pseudonymised, by kind (e.g. 'registration': 2).")
    completed_at: datetime
