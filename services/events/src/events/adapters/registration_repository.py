"""Loads and stores registrations; the waitlist is ordered by the number each waitlisted one drew."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from events.adapters.orm import registrations
from events.domain.model import Language
from events.domain.registration import Registration, RegistrationStatus

_COLUMNS = [f.name for f in fields(Registration)]
WAITLISTED = RegistrationStatus.WAITLISTED.value


def _to_domain(row) -> Registration:
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["status"] = RegistrationStatus(values["status"])
    values["language"] = Language(values["language"])
    return Registration(**values)


def _to_row(registration: Registration) -> dict:
    values = {name: getattr(registration, name) for name in _COLUMNS}
    values["status"] = registration.status.value
    values["language"] = registration.language.value
    return values


class RegistrationRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, registration: Registration) -> None:
        await self._session.execute(insert(registrations).values(**_to_row(registration)))

    async def add_many(self, added: list[Registration]) -> None:
        if added:
            await self._session.execute(insert(registrations), [_to_row(r) for r in added])

    async def active_by_emails(self, event_id: str, emails: list[str]) -> dict[str, Registration]:
        c = registrations.c
        query = select(registrations).where(c.event_id == event_id, c.email.in_(set(emails)), c.status != RegistrationStatus.CANCELLED.value)
        return {r.email: r for r in map(_to_domain, await self._session.execute(query))}

    async def by_idempotency_keys(self, event_id: str, keys: list[str]) -> dict[str, Registration]:
        if not keys:
            return {}
        query = select(registrations).where(registrations.c.event_id == event_id, registrations.c.idempotency_key.in_(set(keys)))
        return {r.idempotency_key: r for r in map(_to_domain, await self._session.execute(query))}

    async def waitlist_positions(self, event_id: str) -> dict[str, int]:
        """Registration id -> waitlist position, for the whole waitlist in one query."""
        c = registrations.c
        query = select(c.id).where(c.event_id == event_id, c.status == WAITLISTED).order_by(c.waitlist_seq)
        return {row_id: position for position, row_id in enumerate((await self._session.execute(query)).scalars(), start=1)}

    async def count_waitlisted(self, event_id: str) -> int:
        c = registrations.c
        return await self._session.scalar(select(func.count()).where(c.event_id == event_id, c.status == WAITLISTED)) or 0

    async def save(self, registration: Registration) -> None:
        values = _to_row(registration)
        await self._session.execute(update(registrations).where(registrations.c.id == registration.id).values(**values))

    async def _one(self, *where) -> Registration | None:
        row = (await self._session.execute(select(registrations).where(*where))).first()
        return _to_domain(row) if row else None

    async def get(self, registration_id: str) -> Registration | None:
        return await self._one(registrations.c.id == registration_id)

    async def by_ticket(self, ticket_code: str) -> Registration | None:
        return await self._one(registrations.c.ticket_code == ticket_code)

    async def active_by_email(self, event_id: str, email: str) -> Registration | None:
        c = registrations.c
        return await self._one(c.event_id == event_id, c.email == email, c.status != RegistrationStatus.CANCELLED.value)

    async def by_idempotency_key(self, event_id: str, key: str) -> Registration | None:
        return await self._one(registrations.c.event_id == event_id, registrations.c.idempotency_key == key)

    async def first_waitlisted(self, event_id: str) -> Registration | None:
        c = registrations.c
        query = select(registrations).where(c.event_id == event_id, c.status == WAITLISTED).order_by(c.waitlist_seq).limit(1)
        row = (await self._session.execute(query)).first()
        return _to_domain(row) if row else None

    async def waitlist_position(self, registration: Registration) -> int | None:
        if registration.status is not RegistrationStatus.WAITLISTED:
            return None
        c = registrations.c
        ahead = await self._session.scalar(
            select(func.count()).where(c.event_id == registration.event_id, c.status == WAITLISTED, c.waitlist_seq < registration.waitlist_seq)
        )
        return (ahead or 0) + 1

    async def active_for_event(self, event_id: str) -> list[Registration]:
        c = registrations.c
        query = select(registrations).where(c.event_id == event_id, c.status != RegistrationStatus.CANCELLED.value).order_by(c.registered_at, c.id)
        return [_to_domain(r) for r in await self._session.execute(query)]

    async def list(self, event_id: str, *, status: RegistrationStatus | None, limit: int, after: tuple[str, str] | None):
        """A page in registration order, and the total of the filtered list."""
        c = registrations.c
        where = [c.event_id == event_id] + ([c.status == status.value] if status else [])
        total = await self._session.scalar(select(func.count()).select_from(registrations).where(*where))
        query = select(registrations).where(*where)
        if after:
            at, last_id = after
            query = query.where(or_(c.registered_at > _parse(at), and_(c.registered_at == _parse(at), c.id > last_id)))
        rows = await self._session.execute(query.order_by(c.registered_at, c.id).limit(limit))
        return [_to_domain(r) for r in rows], total or 0

    async def counts(self, event_id: str) -> dict[str, int]:
        c = registrations.c
        rows = await self._session.execute(select(c.status, func.count()).where(c.event_id == event_id).group_by(c.status))
        return {status: count for status, count in rows}

    @staticmethod
    def cursor_of(registration: Registration) -> tuple[str, str]:
        return registration.registered_at.isoformat(), registration.id


def _parse(value: str):
    from datetime import datetime

    return datetime.fromisoformat(value)


async def waitlisted_counts(session: AsyncSession, event_ids: list[str]) -> dict[str, int]:
    if not event_ids:
        return {}
    c = registrations.c
    rows = await session.execute(select(c.event_id, func.count()).where(c.event_id.in_(event_ids), c.status == WAITLISTED).group_by(c.event_id))
    return dict(rows.all())
