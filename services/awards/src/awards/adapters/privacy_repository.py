"""Where awards holds a person, found by the hashes of an erasure request or the values of an export.

Jurors are found by the hash of their e-mail address or name. Token subjects recorded as who did
something (submitted or screened a nomination, published results, removed a juror) are hashed
the same way. Free text (nomination motivations and links, screening reasons, conflict reasons,
ballot comments) is searched for the plaintext name and address of the jurors found.
"""

from __future__ import annotations

from contracts.privacy import person_hash
from servicekit.privacy import ErasureRecords
from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from awards.adapters.jury_repository import _juror
from awards.adapters.orm import ballot_versions, conflicts, editions, erasures, jurors, nominations
from awards.domain import audit
from awards.domain.jury import Juror
from awards.domain.privacy import ERASED, is_person, mentions, redact

# Who did something, as a token subject: (table, column, key column).
ACTOR_COLUMNS = [
    (nominations, "submitted_by", "id"), (nominations, "screened_by", "id"),
    (editions, "results_published_by", "id"), (jurors, "removed_by", "id"),
]


class PrivacyRepository(ErasureRecords):
    erasures = erasures  # the table ErasureRecords keeps

    def __init__(self, session: AsyncSession):
        self._session = session

    async def jurors_of(self, email_hash: str, name_hashes: set[str]) -> list[Juror]:
        rows = (await self._session.execute(select(jurors).where(jurors.c.erased_at.is_(None)).order_by(jurors.c.invited_at))).all()
        return [_juror(r) for r in rows if person_hash(r.email, kind="email") == email_hash or person_hash(r.name, kind="name") in name_hashes]

    async def actions_of(self, email_hash: str, name_hashes: set[str]) -> list[tuple[Table, str, str, str]]:
        """(table, column, row key, value) of every actor column naming the person."""
        found = []
        for table, column, key in ACTOR_COLUMNS:
            rows = await self._session.execute(select(table.c[key], table.c[column]).where(table.c[column].is_not(None)))
            found += [(table, column, row_key, value) for row_key, value in rows if is_person(value, email_hash, name_hashes)]
        return found

    async def erase_actions(self, found: list[tuple[Table, str, str, str]]) -> None:
        for table, column, row_key, _ in found:
            await self._session.execute(update(table).where(table.c.id == row_key).values({column: ERASED}))

    async def free_text_mentions(self, values: set[str], *, redact_them: bool = False) -> list[tuple[str, str]]:
        """("table.column", row id) of free text naming ``values``; ``redact_them`` replaces them by "[erased]"."""
        found = []
        n = nominations.c
        for row in await self._session.execute(select(n.id, n.motivation, n.links, n.screening_reason)):
            changes = {}
            if any(mentions(text, values) for text in row.motivation.values()):
                changes["motivation"] = {lang: redact(text, values) for lang, text in row.motivation.items()}
            if any(mentions(link, values) for link in row.links):
                changes["links"] = [redact(link, values) for link in row.links]
            if mentions(row.screening_reason, values):
                changes["screening_reason"] = redact(row.screening_reason, values)
            found += [(f"nominations.{column}", row.id) for column in changes]
            if changes and redact_them:
                await self._session.execute(update(nominations).where(n.id == row.id).values(**changes))
        c = conflicts.c
        for row in await self._session.execute(select(c.juror_id, c.nomination_id, c.reason)):
            if mentions(row.reason, values):
                found.append(("conflicts.reason", f"{row.juror_id}/{row.nomination_id}"))
                if redact_them:
                    key = (c.juror_id == row.juror_id) & (c.nomination_id == row.nomination_id)
                    await self._session.execute(update(conflicts).where(key).values(reason=redact(row.reason, values)))
        v = ballot_versions.c
        for row in await self._session.execute(select(v.ballot_id, v.version, v.comment, v.comment_sha256).where(v.comment.is_not(None))):
            if mentions(row.comment, values):
                found.append(("ballot_versions.comment", f"{row.ballot_id}/{row.version}"))
                if redact_them:
                    # The receipt hashed the comment as cast: its digest is kept, so the receipt and the tally still verify.
                    digest = row.comment_sha256 or audit.comment_digest(row.comment)
                    key = (v.ballot_id == row.ballot_id) & (v.version == row.version)
                    await self._session.execute(update(ballot_versions).where(key).values(comment=redact(row.comment, values), comment_sha256=digest))
        return found

