"""Loads and stores events with their programme; writers lock the event row first."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Select, Text, and_, cast, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from events.adapters.orm import event_organisers, events, sessions
from events.domain.errors import InvalidTransition
from events.domain.model import Audience, Event, EventKind, EventStatus, Language, Session, SessionKind, Speaker

_COLUMNS = [f.name for f in fields(Event) if f.name not in ("sessions",)]


@dataclass(frozen=True)
class EventFilter:
    when: str | None = None  # "upcoming" (not yet ended) or "past"
    kind: EventKind | None = None
    organiser_id: str | None = None
    language: Language | None = None
    statuses: tuple[EventStatus, ...] | None = None  # None: every stored status
    public_only: bool = False  # audience public (anonymous callers)
    ids: list[str] | None = None
    now: datetime | None = None


def _to_domain(row, session_rows) -> Event:
    values = {name: getattr(row, name) for name in _COLUMNS}
    values["kind"] = EventKind(values["kind"])
    values["status"] = EventStatus(values["status"])
    values["audience"] = Audience(values["audience"])
    values["title"] = {Language(k): v for k, v in values["title"].items()}
    values["description"] = {Language(k): v for k, v in values["description"].items()}
    values["languages"] = [Language(l) for l in values["languages"]]
    values["sessions"] = [_session(r) for r in session_rows]
    return Event(**values)


def _session(row) -> Session:
    speakers = tuple(Speaker(s["name"], s.get("affiliation")) for s in row.speakers)
    return Session(row.id, row.starts_at, row.duration_minutes, row.title, SessionKind(row.kind), row.track, speakers)


def _to_row(event: Event) -> dict:
    values = {name: getattr(event, name) for name in _COLUMNS}
    for name in ("kind", "status", "audience"):
        values[name] = values[name].value
    values["title"] = {k.value: v for k, v in event.title.items()}
    values["description"] = {k.value: v for k, v in event.description.items()}
    values["languages"] = [l.value for l in event.languages]
    return values


def _session_rows(event: Event) -> list[dict]:
    return [
        {"id": s.id, "event_id": event.id, "starts_at": s.starts_at, "duration_minutes": s.duration_minutes, "title": s.title,
         "kind": s.kind.value, "track": s.track, "speakers": [{"name": p.name, "affiliation": p.affiliation} for p in s.speakers]}
        for s in event.sessions
    ]


class EventRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, event: Event) -> None:
        await self._session.execute(insert(events).values(**_to_row(event)))
        if event.organiser_ids:
            await self._session.execute(insert(event_organisers), [{"event_id": event.id, "organisation_id": o} for o in event.organiser_ids])
        if event.sessions:
            await self._session.execute(insert(sessions), _session_rows(event))

    async def get(self, event_id: str, *, lock: bool = False, programme: bool = True) -> Event | None:
        """``programme=False`` leaves ``sessions`` empty: registrations never need it."""
        query = select(events).where(events.c.id == event_id)
        if lock:  # PostgreSQL: one writer per event at a time; SQLite: BEGIN IMMEDIATE already serialises writers
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        if not programme:
            return _to_domain(row, [])
        programme = await self._session.execute(select(sessions).where(sessions.c.event_id == event_id).order_by(sessions.c.starts_at, sessions.c.track, sessions.c.id))
        return _to_domain(row, programme.all())

    async def save(self, event: Event, *, programme: bool = False) -> None:
        values = _to_row(event)
        values["version"] = event.version + 1
        result = await self._session.execute(update(events).where(events.c.id == event.id, events.c.version == event.version).values(**values))
        if result.rowcount != 1:
            raise InvalidTransition("The event was changed by someone else at the same time; try again.")
        event.version += 1
        if programme:
            await self._session.execute(delete(sessions).where(sessions.c.event_id == event.id))
            if event.sessions:
                await self._session.execute(insert(sessions), _session_rows(event))

    async def list(self, where: EventFilter, *, limit: int, after: tuple[str, str] | None) -> tuple[list[Event], int]:
        """A page ordered by start (upcoming first for 'upcoming', latest first for 'past'), and the filtered total."""
        descending = where.when == "past"
        query = self._filtered(select(events), where)
        total = await self._session.scalar(self._filtered(select(func.count()).select_from(events), where))
        if after:
            start, last_id = datetime.fromisoformat(after[0]), after[1]
            if descending:
                query = query.where(or_(events.c.starts_at < start, and_(events.c.starts_at == start, events.c.id < last_id)))
            else:
                query = query.where(or_(events.c.starts_at > start, and_(events.c.starts_at == start, events.c.id > last_id)))
        order = (events.c.starts_at.desc(), events.c.id.desc()) if descending else (events.c.starts_at, events.c.id)
        rows = (await self._session.execute(query.order_by(*order).limit(limit))).all()
        ids = [r.id for r in rows]
        programme: dict[str, list] = {i: [] for i in ids}
        if ids:
            found = await self._session.execute(select(sessions).where(sessions.c.event_id.in_(ids)).order_by(sessions.c.starts_at, sessions.c.track, sessions.c.id))
            for s in found:
                programme[s.event_id].append(s)
        return [_to_domain(r, programme[r.id]) for r in rows], total or 0

    @staticmethod
    def _filtered(query: Select, where: EventFilter) -> Select:
        c = events.c
        if where.when == "upcoming":
            query = query.where(c.ends_at > where.now)
        elif where.when == "past":
            query = query.where(c.ends_at <= where.now)
        if where.kind:
            query = query.where(c.kind == where.kind.value)
        if where.ids is not None:
            query = query.where(c.id.in_(where.ids))
        if where.statuses is not None:
            query = query.where(c.status.in_([s.value for s in where.statuses]))
        if where.public_only:
            query = query.where(c.audience == Audience.PUBLIC.value)
        if where.organiser_id:
            query = query.where(c.id.in_(select(event_organisers.c.event_id).where(event_organisers.c.organisation_id == where.organiser_id)))
        if where.language:
            # Languages are few and stored as a JSON list of codes: a text match on the quoted code is exact.
            query = query.where(cast(c.languages, Text).like(f'%"{where.language.value}"%'))
        return query

    @staticmethod
    def cursor_of(event: Event) -> tuple[str, str]:
        return event.starts_at.isoformat(), event.id

