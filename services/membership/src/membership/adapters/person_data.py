"""Where membership holds a person, found by hashing what it stores (the request names them by hashes).

Contacts sit in organisations' JSON and names are normalised before hashing, so the matching
runs in Python over the few columns that can hold a person; erasures and exports are rare.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.groups import group_members, groups
from membership.adapters.orm import organisations, outbox, pact_documents, signatures
from membership.adapters.privacy import erasure_requests
from membership.domain.privacy import ERASED, Person


# Token subjects of whoever acted. Normally opaque account ids, but an identity provider may use e-mail addresses.
ACTOR_COLUMNS = (organisations.c.updated_by, organisations.c.archived_by, pact_documents.c.published_by, signatures.c.recorded_by,
                 signatures.c.decided_by, signatures.c.withdrawn_by, groups.c.created_by, group_members.c.added_by,
                 group_members.c.removed_by, erasure_requests.c.requested_by)


class PersonData:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def organisations_with_contact(self, person: Person) -> list[str]:
        c = organisations.c
        rows = await self._session.execute(select(c.id, c.contacts).order_by(c.name_key))
        return [org_id for org_id, contacts in rows if any(person.has_email(contact.get("email")) for contact in contacts or [])]

    async def contacts(self, person: Person) -> list[dict]:
        c = organisations.c
        rows = await self._session.execute(select(c.id, c.name, c.contacts).order_by(c.name_key))
        return [{"organisation_id": org_id, "organisation_name": name, **contact}
                for org_id, name, contacts in rows for contact in contacts or [] if person.has_email(contact.get("email"))]

    async def signatures(self, person: Person) -> list[dict]:
        """The signatures and letters of support the person signed, oldest recording first."""
        if not person.names:
            return []
        c = signatures.c
        rows = await self._session.execute(select(c.id, c.organisation_id, c.document_id, c.document_kind, c.signatory_name, c.signatory_function,
                                                  c.signed_on, c.signed_place, c.status, c.recorded_at).order_by(c.recorded_at, c.id))
        return [dict(r._mapping) for r in rows if person.has_name(r.signatory_name)]

    async def group_members(self, person: Person) -> list[dict]:
        if not person.names:
            return []
        m, g = group_members.c, groups.c
        rows = await self._session.execute(
            select(m.id.label("membership_id"), m.group_id, g.name.label("group_name"), m.person_name, m.person_organisation_id, m.joined_on, m.left_on)
            .join(groups, g.id == m.group_id).where(m.person_name.is_not(None)).order_by(m.joined_on, m.id))
        return [dict(r._mapping) for r in rows if person.has_name(r.person_name)]

    async def pseudonymise_signatures(self, found: list[dict]) -> None:
        """Name and function become [erased]; status, dates and the one-active rule stay. Reasons may quote the name."""
        c = signatures.c
        for row in found:
            await self._session.execute(update(signatures).where(c.id == row["id"]).values(
                signatory_name=ERASED, signatory_function=ERASED,
                rejection_reason=_without(c.rejection_reason, row), withdrawal_reason=_without(c.withdrawal_reason, row)))

    async def pseudonymise_group_members(self, found: list[dict]) -> None:
        """The membership row stays (join and leave dates, counts); only the name goes."""
        if found:
            c = group_members.c
            await self._session.execute(update(group_members).where(c.id.in_([row["membership_id"] for row in found])).values(person_name=ERASED))

    async def actors(self, person: Person) -> set[str]:
        """The token subjects, as stored, that name the person."""
        found = set()
        for column in ACTOR_COLUMNS:
            subjects = await self._session.scalars(select(column).distinct().where(column.is_not(None)))
            found |= {subject for subject in subjects if person.is_subject(subject)}
        return found

    async def pseudonymise_actors(self, subjects: set[str]) -> int:
        """Who acted becomes [erased]; what they did (and when) stays."""
        changed = 0
        for column in ACTOR_COLUMNS if subjects else ():
            result = await self._session.execute(update(column.table).where(column.in_(subjects)).values({column.name: ERASED}))
            changed += result.rowcount
        return changed

    async def forget_functions_in_outbox(self, signature_ids: list[str]) -> int:
        """A function ("Federal Minister for ...") is blanked only in the erased signatures' own events: blanking the
        text everywhere, as for names, would also hit other people who hold the same office."""
        if not signature_ids:
            return 0
        o = outbox.c
        changed = 0
        for seq, payload in (await self._session.execute(select(o.seq, o.payload).where(o.key.in_(signature_ids)))).all():
            data = json.loads(payload)
            if data.get("signatory_function") not in (None, ERASED):
                data["signatory_function"] = ERASED
                await self._session.execute(update(outbox).where(o.seq == seq).values(payload=json.dumps(data, separators=(",", ":"))))
                changed += 1
        return changed


def _without(column, row: dict):
    """The column's text with the signatory's name replaced (SQL REPLACE is case-sensitive: the name as stored)."""
    return func.replace(column, row["signatory_name"], ERASED)
