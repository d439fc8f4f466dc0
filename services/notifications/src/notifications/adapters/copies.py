"""Local copies built from other services' events: organisations with their contacts, registrations, events' organisers,
awards editions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import known_contacts, known_editions, known_events, known_organisations, known_registrations


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    language: str
    consented: bool


@dataclass(frozen=True)
class KnownOrganisation:
    id: str
    name: str
    names: dict[str, str]
    languages: list[str]
    archived: bool
    updated_at: datetime

    def name_in(self, lang: str) -> str:
        return self.names.get(lang) or self.name


@dataclass(frozen=True)
class KnownRegistration:
    id: str
    event_id: str
    name: str
    email: str
    language: str
    status: str
    ticket_code: str | None
    cancel_url: str | None
    updated_at: datetime


class OrganisationCopy:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def get(self, organisation_id: str) -> KnownOrganisation | None:
        row = (await self._session.execute(select(known_organisations).where(known_organisations.c.id == organisation_id))).first()
        if row is None:
            return None
        m = dict(row._mapping)
        return KnownOrganisation(**{**m, "names": json.loads(m["names"]), "languages": json.loads(m["languages"])})

    async def replace(self, org: KnownOrganisation, contacts: list[Contact]) -> bool:
        """Store the organisation as of ``org.updated_at`` with exactly these contacts; an older copy never wins."""
        current = await self.get(org.id)
        if current is not None and current.updated_at > org.updated_at:
            return False
        values = {**vars(org), "names": json.dumps(org.names), "languages": json.dumps(org.languages)}
        if current is None:
            await self._session.execute(insert(known_organisations).values(**values))
        else:
            await self._session.execute(update(known_organisations).where(known_organisations.c.id == org.id).values(**values))
        await self._session.execute(delete(known_contacts).where(known_contacts.c.organisation_id == org.id))
        unique = {c.email.lower(): c for c in contacts}
        if unique:
            await self._session.execute(insert(known_contacts), [
                {"organisation_id": org.id, "email": email, "name": c.name, "language": c.language, "consented": c.consented}
                for email, c in unique.items()])
        return True

    async def archive(self, organisation_id: str, at: datetime) -> None:
        c = known_organisations.c
        await self._session.execute(update(known_organisations).where(c.id == organisation_id, c.updated_at <= at).values(archived=True, updated_at=at))

    async def contacts(self, organisation_id: str) -> list[Contact]:
        c = known_contacts.c
        rows = (await self._session.execute(select(known_contacts).where(c.organisation_id == organisation_id).order_by(c.email))).all()
        return [Contact(name=r.name, email=r.email, language=r.language, consented=r.consented) for r in rows]


class RegistrationCopy:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def get(self, registration_id: str) -> KnownRegistration | None:
        row = (await self._session.execute(select(known_registrations).where(known_registrations.c.id == registration_id))).first()
        return KnownRegistration(**row._mapping) if row else None

    async def save(self, registration: KnownRegistration) -> None:
        """Insert or update; keeps the ticket code and cancel link when a later event does not carry them."""
        current = await self.get(registration.id)
        values = vars(registration).copy()
        if current is None:
            await self._session.execute(insert(known_registrations).values(**values))
            return
        if current.updated_at > registration.updated_at:
            return
        values["ticket_code"] = registration.ticket_code or current.ticket_code
        values["cancel_url"] = registration.cancel_url or current.cancel_url
        await self._session.execute(update(known_registrations).where(known_registrations.c.id == registration.id).values(**values))

    async def of_event(self, event_id: str, statuses: tuple[str, ...]) -> list[KnownRegistration]:
        c = known_registrations.c
        query = select(known_registrations).where(c.event_id == event_id, c.status.in_(statuses)).order_by(c.id)
        return [KnownRegistration(**r._mapping) for r in (await self._session.execute(query)).all()]


class EventOrganisers:
    """Who organises each event, for webhooks about events whose messages do not say (cancelled, programme changed)."""

    def __init__(self, session: AsyncSession):
        self._session = session

    async def of(self, event_id: str) -> set[str]:
        value = await self._session.scalar(select(known_events.c.organiser_ids).where(known_events.c.id == event_id))
        return set(json.loads(value)) if value else set()

    async def save(self, event_id: str, organiser_ids: list[str], at: datetime) -> None:
        c = known_events.c
        values = {"organiser_ids": json.dumps(sorted(set(organiser_ids))), "updated_at": at}
        current = (await self._session.execute(select(c.updated_at).where(c.id == event_id))).first()
        if current is None:
            await self._session.execute(insert(known_events).values(id=event_id, **values))
        elif current.updated_at <= at:
            await self._session.execute(update(known_events).where(c.id == event_id).values(**values))


class EditionCopy:
    """The names of the awards editions, for messages about nominations (whose events carry only the edition id)."""

    def __init__(self, session: AsyncSession):
        self._session = session

    async def name(self, edition_id: str) -> str | None:
        return await self._session.scalar(select(known_editions.c.name).where(known_editions.c.id == edition_id))

    async def save(self, edition_id: str, name: str, at: datetime) -> None:
        c = known_editions.c
        current = (await self._session.execute(select(c.updated_at).where(c.id == edition_id))).first()
        if current is None:
            await self._session.execute(insert(known_editions).values(id=edition_id, name=name, updated_at=at))
        elif current.updated_at <= at:
            await self._session.execute(update(known_editions).where(c.id == edition_id).values(name=name, updated_at=at))
