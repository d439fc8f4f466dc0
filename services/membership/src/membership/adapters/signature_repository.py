"""Loads and stores signatures; saving checks the version it loaded (compare-and-set)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Exists, Select, and_, false, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import organisations, signatures
from membership.domain.documents import DocumentKind
from membership.domain.errors import ConcurrentChange
from membership.domain.signatures import ACTIVE_STATUSES, Signature, SignatureStatus

_ENUM_COLUMNS = {"document_kind": DocumentKind, "status": SignatureStatus}


@dataclass(frozen=True)
class SignatureFilter:
    organisation_id: str | None = None
    status: SignatureStatus | None = None
    document_kind: DocumentKind | None = None
    # Who is looking: None sees everything (staff); otherwise only verified signatures,
    # plus every signature of ``own_organisation_id`` (a member's own record).
    public_view: bool = False
    own_organisation_id: str | None = None


def _to_domain(row) -> Signature:
    values = {f.name: getattr(row, f.name) for f in fields(Signature)}
    for name, enum in _ENUM_COLUMNS.items():
        values[name] = enum(values[name])
    return Signature(**values)


def _to_row(signature: Signature) -> dict:
    values = {f.name: getattr(signature, f.name) for f in fields(Signature)}
    for name in _ENUM_COLUMNS:
        values[name] = values[name].value
    return values


class SignatureRepository:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def add(self, signature: Signature) -> None:
        await self._session.execute(insert(signatures).values(**_to_row(signature)))

    async def get(self, signature_id: str) -> Signature | None:
        row = (await self._session.execute(select(signatures).where(signatures.c.id == signature_id))).first()
        return _to_domain(row) if row else None

    async def active_for(self, organisation_id: str) -> Signature | None:
        active = [s.value for s in ACTIVE_STATUSES]
        query = select(signatures).where(signatures.c.organisation_id == organisation_id, signatures.c.status.in_(active))
        row = (await self._session.execute(query)).first()
        return _to_domain(row) if row else None

    async def save(self, signature: Signature) -> None:
        """Write a changed signature if nobody else changed it since it was loaded."""
        loaded_version = signature.version
        signature.version += 1
        result = await self._session.execute(
            update(signatures)
            .where(signatures.c.id == signature.id, signatures.c.version == loaded_version)
            .values(**_to_row(signature))
        )
        if result.rowcount != 1:
            raise ConcurrentChange(f"Signature {signature.id}")

    async def list(self, where: SignatureFilter, *, limit: int, after: tuple[datetime, str] | None) -> tuple[list[Signature], int]:
        """A page, oldest recording first (the verification queue's order), and the filtered total."""
        query = self._filtered(select(signatures), where)
        total = await self._session.scalar(self._filtered(select(func.count()).select_from(signatures), where))
        c = signatures.c
        if after:
            at, last_id = after
            query = query.where(or_(c.recorded_at > at, and_(c.recorded_at == at, c.id > last_id)))
        rows = (await self._session.execute(query.order_by(c.recorded_at, c.id).limit(limit))).all()
        return [_to_domain(r) for r in rows], total or 0

    @staticmethod
    def _filtered(query: Select, where: SignatureFilter) -> Select:
        c = signatures.c
        if where.organisation_id:
            query = query.where(c.organisation_id == where.organisation_id)
        if where.status:
            query = query.where(c.status == where.status.value)
        if where.document_kind:
            query = query.where(c.document_kind == where.document_kind.value)
        if where.public_view:
            own = c.organisation_id == where.own_organisation_id if where.own_organisation_id else false()
            query = query.where(or_(c.status == SignatureStatus.VERIFIED.value, own))
        return query

    @staticmethod
    def cursor_of(signature: Signature) -> tuple[str, str]:
        return signature.recorded_at.isoformat(), signature.id


def is_member() -> Exists:
    """A correlated EXISTS: the organisation has a verified (hence not withdrawn) signature."""
    verified = select(signatures.c.id).where(
        signatures.c.organisation_id == organisations.c.id, signatures.c.status == SignatureStatus.VERIFIED.value
    )
    return verified.exists()
