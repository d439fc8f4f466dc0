"""Finding a person by the hashes of an erasure request, and recording the requests carried out.

The request names the person only by ``contracts.privacy.person_hash``: the stored e-mail
addresses (registrations) and names (speakers) are hashed here the same way to recognise them.
"""

from __future__ import annotations

from contracts.privacy import person_hash
from servicekit.privacy import ErasureRecords
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from events.adapters.orm import erasures, registrations, sessions
from events.adapters.registration_repository import _to_domain
from events.domain.registration import Registration


class PrivacyRepository(ErasureRecords):
    erasures = erasures  # the table ErasureRecords keeps

    def __init__(self, session: AsyncSession):
        self._session = session

    async def registrations_of(self, email_hash: str) -> list[Registration]:
        """Every registration made with an e-mail address hashing to ``email_hash``, oldest first."""
        stored = (await self._session.execute(select(registrations.c.email).distinct())).scalars()
        emails = [e for e in stored if person_hash(e, kind="email") == email_hash]
        if not emails:
            return []
        c = registrations.c
        rows = await self._session.execute(select(registrations).where(c.email.in_(emails)).order_by(c.registered_at, c.id))
        return [_to_domain(r) for r in rows]

    async def sessions_with_speakers(self, name_hashes: set[str]) -> list[tuple[str, str, str, list[dict]]]:
        """(session id, event id, session title, speakers) of every session where a speaker's name hashes to one of ``name_hashes``."""
        if not name_hashes:
            return []
        rows = await self._session.execute(select(sessions.c.id, sessions.c.event_id, sessions.c.title, sessions.c.speakers))
        return [(r.id, r.event_id, r.title, list(r.speakers)) for r in rows
                if any(person_hash(s["name"], kind="name") in name_hashes for s in r.speakers)]

    async def set_speakers(self, session_id: str, speakers: list[dict]) -> None:
        await self._session.execute(update(sessions).where(sessions.c.id == session_id).values(speakers=speakers))

