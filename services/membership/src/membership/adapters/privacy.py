"""Erasure requests and the services' answers: hashes and counts only (an audit trail, not personal data)."""

from __future__ import annotations

from datetime import datetime

from servicekit.db import UtcDateTime
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, and_, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import metadata
from membership.domain.privacy import Answer, ErasureRequest

PENDING = text("completed_at IS NULL")

erasure_requests = Table(
    "erasure_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email_hash", String(64), nullable=False),
    Column("name_hashes", JSON, nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", String(200), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime),
    # One pending request per person, also when two secretariat users file at once.
    Index("uq_erasure_requests_pending_email", "email_hash", unique=True, postgresql_where=PENDING, sqlite_where=PENDING),
    Index("ix_erasure_requests_requested_at_id", "requested_at", "id"),
)

erasure_answers = Table(
    "erasure_answers",
    metadata,
    Column("request_id", String(36), ForeignKey("erasure_requests.id"), primary_key=True),
    Column("service", String(50), primary_key=True),
    Column("erased", JSON, nullable=False),
    Column("completed_at", UtcDateTime, nullable=False),
)


def _request(row, answers: list) -> ErasureRequest:
    return ErasureRequest(id=row.id, email_hash=row.email_hash, name_hashes=list(row.name_hashes), reason=row.reason,
                          requested_by=row.requested_by, requested_at=row.requested_at, completed_at=row.completed_at,
                          answers={a.service: Answer(a.service, dict(a.erased), a.completed_at) for a in answers})


class ErasureRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, request: ErasureRequest) -> None:
        await self._session.execute(insert(erasure_requests).values(
            id=request.id, email_hash=request.email_hash, name_hashes=request.name_hashes, reason=request.reason,
            requested_by=request.requested_by, requested_at=request.requested_at, completed_at=request.completed_at))
        await self._add_answers(request, request.answers.values())

    async def _add_answers(self, request: ErasureRequest, answers) -> None:
        rows = [{"request_id": request.id, "service": a.service, "erased": a.erased, "completed_at": a.completed_at} for a in answers]
        if rows:
            await self._session.execute(insert(erasure_answers), rows)

    async def record_answer(self, request: ErasureRequest, answer: Answer) -> None:
        """Store one new answer and the completion it may bring (the caller checked the answer is new)."""
        await self._add_answers(request, [answer])
        await self._session.execute(update(erasure_requests).where(erasure_requests.c.id == request.id).values(completed_at=request.completed_at))

    async def get(self, request_id: str, *, for_update: bool = False) -> ErasureRequest | None:
        query = select(erasure_requests).where(erasure_requests.c.id == request_id)
        # The row lock serialises two services' answers to one request (PostgreSQL; SQLite writers are serial).
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            return None
        return _request(row, (await self._answers_of([request_id])).get(request_id, []))

    async def pending_for(self, email_hash: str) -> ErasureRequest | None:
        c = erasure_requests.c
        row = (await self._session.execute(select(erasure_requests).where(c.email_hash == email_hash, c.completed_at.is_(None)))).first()
        return _request(row, (await self._answers_of([row.id])).get(row.id, [])) if row else None

    async def of_person(self, email_hash: str) -> list[ErasureRequest]:
        c = erasure_requests.c
        rows = (await self._session.execute(select(erasure_requests).where(c.email_hash == email_hash).order_by(c.requested_at, c.id))).all()
        answers = await self._answers_of([r.id for r in rows])
        return [_request(r, answers.get(r.id, [])) for r in rows]

    async def list(self, *, limit: int, after: tuple[datetime, str] | None) -> list[ErasureRequest]:
        """Oldest first (the order they were filed in), keyset pages by (requested_at, id)."""
        c = erasure_requests.c
        query = select(erasure_requests).order_by(c.requested_at, c.id).limit(limit)
        if after:
            at, last_id = after
            query = query.where(or_(c.requested_at > at, and_(c.requested_at == at, c.id > last_id)))
        rows = (await self._session.execute(query)).all()
        answers = await self._answers_of([r.id for r in rows])
        return [_request(r, answers.get(r.id, [])) for r in rows]

    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(erasure_requests)) or 0

    async def _answers_of(self, request_ids: list[str]) -> dict[str, list]:
        found: dict[str, list] = {}
        if request_ids:
            a = erasure_answers.c
            for row in await self._session.execute(select(erasure_answers).where(a.request_id.in_(request_ids)).order_by(a.completed_at, a.service)):
                found.setdefault(row.request_id, []).append(row)
        return found
