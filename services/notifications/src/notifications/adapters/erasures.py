"""The erasures already carried out, by hash: the audit trail, and the guard against late events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from contracts.privacy import person_hash
from servicekit.privacy import ERASED
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import erasures


@dataclass(frozen=True)
class PersonHashes:
    """People known only by the hashes of their e-mail addresses and names (contracts.privacy.person_hash)."""

    emails: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, emails: set[str] = frozenset(), names: set[str] = frozenset()) -> PersonHashes:
        """From plaintext: the person an export asks about."""
        return cls(frozenset(person_hash(e, kind="email") for e in emails if e), frozenset(person_hash(n, kind="name") for n in names if n))

    def __bool__(self) -> bool:
        return bool(self.emails or self.names)

    def email(self, address: str) -> bool:
        return bool(self.emails) and person_hash(address, kind="email") in self.emails

    def name(self, name: str) -> bool:
        return bool(self.names) and person_hash(name, kind="name") in self.names

    def either(self, value: str) -> bool:
        """A value of unknown meaning (a leaf of an event's JSON): one of the addresses or one of the names."""
        return ("@" in value and self.email(value)) or self.name(value)


def _is_person(value: dict, person: PersonHashes) -> bool:
    """A registrant or contact object: its address is the person's, so its ``name`` is theirs too."""
    return any(isinstance(v, str) and "@" in v and person.email(v) for v in value.values())


def people_in(value, person: PersonHashes) -> set[str]:
    """The strings of a JSON value that are the person by hash (their addresses, the names asked for)."""
    if isinstance(value, str):
        return {value} if person.either(value) else set()
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return {found for child in children for found in people_in(child, person)}


def blank_people(value, person: PersonHashes):
    """A JSON value with the person's addresses and names replaced by ``[erased]``; a registrant or contact object
    with the person's address loses its ``name`` too (whatever the name: the address says whose it is)."""
    if not person:
        return value
    if isinstance(value, str):
        return ERASED if person.either(value) else value
    if isinstance(value, dict):
        theirs = _is_person(value, person)
        return {k: ERASED if theirs and k == "name" and isinstance(v, str) else blank_people(v, person) for k, v in value.items()}
    if isinstance(value, list):
        return [blank_people(v, person) for v in value]
    return value


class ErasureLog:
    def __init__(self, session: AsyncSession):
        self._session = session
        self._since: dict[datetime, PersonHashes] = {}  # one query per unit of work and event time

    async def recorded(self, request_id: str) -> bool:
        return await self._session.scalar(select(erasures.c.request_id).where(erasures.c.request_id == request_id)) is not None

    async def record(self, *, request_id: str, email_hash: str, name_hashes: list[str], requested_at: datetime,
                     completed_at: datetime, erased: dict[str, int]) -> None:
        await self._session.execute(insert(erasures).values(
            request_id=request_id, email_hash=email_hash, name_hashes=json.dumps(sorted(set(name_hashes))),
            requested_at=requested_at, completed_at=completed_at, erased=json.dumps(erased, sort_keys=True)))
        self._since.clear()

    async def of_email(self, email_hash: str) -> list[dict]:
        """The erasures carried out for an address: when, not what (the counts are the service's, not the person's)."""
        c = erasures.c
        query = select(c.request_id, c.requested_at, c.completed_at).where(c.email_hash == email_hash).order_by(c.requested_at)
        return [dict(r) for r in (await self._session.execute(query)).mappings()]

    async def requested_since(self, occurred_at: datetime) -> PersonHashes:
        """Whom an event that occurred at ``occurred_at`` must not bring back: everyone whose erasure was requested
        at or after that moment. A person who comes back after their erasure (registers again) is a new start."""
        if occurred_at not in self._since:
            c = erasures.c
            rows = (await self._session.execute(select(c.email_hash, c.name_hashes).where(c.requested_at >= occurred_at))).all()
            self._since[occurred_at] = PersonHashes(frozenset(r.email_hash for r in rows),
                                                    frozenset(h for r in rows for h in json.loads(r.name_hashes)))
        return self._since[occurred_at]
