"""Finding one person in everything this service stores, and rewriting what is found without them.

An erasure request names the person by hashes only, so every stored e-mail address and name is hashed
and compared (contracts.privacy.person_hash); an export names them in plaintext and is hashed the same
way. Both start from the same ``Footprint``, so an export shows exactly what an erasure would remove.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from servicekit.privacy import ERASED
from sqlalchemy import and_, case, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.erasures import PersonHashes, blank_people, people_in
from notifications.adapters.orm import deliveries, known_contacts, known_registrations, preferences, unsubscribe_links
from notifications.adapters.repository import delivery_from_row
from notifications.domain.model import Channel, Delivery, DeliveryStatus

SCAN_BATCH = 500


@dataclass
class Footprint:
    """Everything this service holds of one person."""

    person: PersonHashes
    values: set[str] = field(default_factory=set)  # their addresses and the names asked for, as stored: blanked wherever found
    contacts: list[dict] = field(default_factory=list)  # known_contacts rows
    registrations: list[dict] = field(default_factory=list)  # known_registrations rows
    deliveries: list[Delivery] = field(default_factory=list)  # e-mails addressed to them
    mentions: list[Delivery] = field(default_factory=list)  # other deliveries whose content carries them (webhooks, signatories)
    preferences: list[dict] = field(default_factory=list)  # rows keyed by their address
    unsubscribe_links: list[dict] = field(default_factory=list)  # the links in messages to them (rows keyed by their address)

    def __bool__(self) -> bool:
        return bool(self.values or self.contacts or self.registrations)


def eraser(values: set[str]) -> re.Pattern | None:
    """A pattern for the values as whole words, case-insensitively, also as they appear JSON- and HTML-escaped."""
    needles = set()
    for value in filter(None, values):
        needles |= {value, json.dumps(value)[1:-1], html.escape(value), html.escape(json.dumps(value)[1:-1])}
    if not needles:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?![\w@]|\.\w)", re.IGNORECASE)


def blank(value, pattern: re.Pattern):
    """``value`` (a payload: dicts, lists, strings) with every occurrence of the pattern replaced by ``[erased]``."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, dict):
        return {k: blank(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [blank(v, pattern) for v in value]
    return value


class PersonalData:
    def __init__(self, session: AsyncSession):
        self._session = session

    async def find(self, person: PersonHashes) -> Footprint:
        found = Footprint(person)
        await self._find_in_copies(found)
        await self._find_deliveries_to(found)
        await self._find_mentions(found)
        return found

    async def _find_in_copies(self, found: Footprint) -> None:
        person = found.person
        for table, bucket in ((known_contacts, found.contacts), (known_registrations, found.registrations)):
            for row in (await self._session.execute(select(table))).mappings():
                if person.email(row["email"]) or person.name(row["name"]):
                    bucket.append(dict(row))
                    found.values |= {v for v in (row["email"], row["name"]) if person.either(v)}
        found.preferences = await self._keyed_by_address(preferences, person)
        found.unsubscribe_links = await self._keyed_by_address(unsubscribe_links, person)
        found.values |= {r["recipient"] for r in found.preferences + found.unsubscribe_links}

    async def _keyed_by_address(self, table, person: PersonHashes) -> list[dict]:
        recipients = (await self._session.execute(select(table.c.recipient).distinct())).scalars()
        mine = [r for r in recipients if person.email(r)]
        if not mine:
            return []
        return [dict(r) for r in (await self._session.execute(select(table).where(table.c.recipient.in_(mine)))).mappings()]

    async def _find_deliveries_to(self, found: Footprint) -> None:
        c = deliveries.c
        recipients = (await self._session.execute(select(c.recipient).where(c.channel == Channel.EMAIL.value).distinct())).scalars()
        mine = [r for r in recipients if found.person.email(r)]
        if mine:
            rows = await self._session.execute(select(deliveries).where(c.channel == Channel.EMAIL.value, c.recipient.in_(mine)))
            found.deliveries = [delivery_from_row(r) for r in rows]
            found.values |= set(mine) | {d.payload["to"] for d in found.deliveries if d.payload.get("to")}

    async def _find_mentions(self, found: Footprint) -> None:
        """Other deliveries carrying the person: webhook payloads (registrants, contacts, signatories), e-mails naming
        them (``mentions``), and any whose content contains a value already found (e-mails from before ``mentions``)."""
        addressed = {d.id for d in found.deliveries}
        async for delivery in self._may_name_someone():
            content = json.loads(delivery.payload["body"]) if delivery.channel is Channel.WEBHOOK else delivery.payload.get("mentions", [])
            if delivery.id not in addressed and (people := people_in(content, found.person)):
                found.values |= people
                found.mentions.append(delivery)
        pattern = eraser(found.values)
        if pattern is None:
            return
        seen = addressed | {d.id for d in found.mentions}
        for delivery in await self._containing(found.values, exclude=seen):
            if blank(delivery.payload, pattern) != delivery.payload or (delivery.last_error and pattern.search(delivery.last_error)):
                found.mentions.append(delivery)

    async def _may_name_someone(self) -> AsyncIterator[Delivery]:
        """Webhooks, and e-mails that name someone besides their recipient: streamed, as there may be many."""
        c = deliveries.c
        query = select(deliveries).where(or_(c.channel == Channel.WEBHOOK.value, c.payload.contains('"mentions": [')))
        async for row in await self._session.stream(query.execution_options(yield_per=SCAN_BATCH)):
            yield delivery_from_row(row)

    async def _containing(self, values: set[str], *, exclude: set[str]) -> list[Delivery]:
        c = deliveries.c
        needles = {n for v in values for n in (v, json.dumps(v)[1:-1])}
        clauses = [c.payload.icontains(n, autoescape=True) for n in needles] + [c.last_error.icontains(n, autoescape=True) for n in needles]
        rows = await self._session.execute(select(deliveries).where(or_(*clauses)))
        return [d for d in map(delivery_from_row, rows) if d.id not in exclude]

    async def erase(self, found: Footprint, suppression_key: str, now) -> dict[str, int]:
        """Remove the person from the copies, deliveries and preferences; returns what was done, by kind."""
        pattern = eraser(found.values)
        counts = {"contact": await self._delete_contacts(found.contacts), "registration": await self._delete_registrations(found.registrations)}
        counts["delivery_cancelled"] = sum(d.status is DeliveryStatus.PENDING for d in found.deliveries)
        for delivery in found.deliveries:
            delivery.erase()
            await self._rewrite(delivery)
        counts["delivery"] = len(found.deliveries)
        for delivery in found.mentions:
            if delivery.channel is Channel.WEBHOOK:  # by structure first: a registrant's name goes with their address
                delivery.payload["body"] = json.dumps(blank_people(json.loads(delivery.payload["body"]), found.person))
            if pattern:
                delivery.payload = blank(delivery.payload, pattern)
                delivery.last_error = delivery.last_error and pattern.sub(ERASED, delivery.last_error)
            await self._rewrite(delivery)
        counts["delivery_content"] = len(found.mentions)
        counts["preference"] = await self._keep_only_suppressions(found.preferences, suppression_key, now)
        if found.unsubscribe_links:  # their old links stop working; their opt-outs are kept by hash (above)
            await self._session.execute(delete(unsubscribe_links).where(unsubscribe_links.c.token.in_([r["token"] for r in found.unsubscribe_links])))
        counts["unsubscribe_link"] = len(found.unsubscribe_links)
        return {kind: n for kind, n in counts.items() if n}

    async def _delete_contacts(self, rows: list[dict]) -> int:
        if rows:
            c = known_contacts.c
            keys = [(r["organisation_id"], r["email"]) for r in rows]
            await self._session.execute(delete(known_contacts).where(tuple_(c.organisation_id, c.email).in_(keys)))
        return len(rows)

    async def _delete_registrations(self, rows: list[dict]) -> int:
        if rows:
            await self._session.execute(delete(known_registrations).where(known_registrations.c.id.in_([r["id"] for r in rows])))
        return len(rows)

    async def _rewrite(self, delivery: Delivery) -> None:
        c = deliveries.c
        # Cancelled only if still pending when written: the dispatcher may have sent it since it was read.
        status = case((c.status == DeliveryStatus.PENDING.value, delivery.status.value), else_=c.status)
        await self._session.execute(update(deliveries).where(c.id == delivery.id).values(
            recipient=delivery.recipient, payload=json.dumps(delivery.payload), last_error=delivery.last_error, status=status))

    async def _keep_only_suppressions(self, rows: list[dict], suppression_key: str, now) -> int:
        """Opt-outs survive as rows keyed by the address's hash (a later message to the same address stays suppressed);
        the address itself, and opt-ins (the default anyway), go."""
        c = preferences.c
        for row in rows:
            if not row["subscribed"]:
                exists = and_(c.recipient == suppression_key, c.category == row["category"])
                if not await self._session.scalar(select(c.recipient).where(exists)):
                    await self._session.execute(preferences.insert().values(recipient=suppression_key, category=row["category"],
                                                                            subscribed=False, updated_at=now))
        if rows:
            await self._session.execute(delete(preferences).where(c.recipient.in_({r["recipient"] for r in rows})))
        return len(rows)
