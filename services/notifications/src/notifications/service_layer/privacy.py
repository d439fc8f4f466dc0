"""A person's data: erased on ``person.erasure_requested.v1``, exported for the secretariat.

The erasure runs in the consumer's inbox transaction: copies, deliveries, preferences, the outbox, the
audit row and ``person.erasure_completed.v1`` commit together or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from contracts.privacy import PersonErasureCompleted, PersonErasureRequested, person_hash
from servicekit.privacy import forget_in_outbox

from contracts import Envelope
from notifications.adapters.erasures import PersonHashes
from notifications.adapters.orm import outbox
from notifications.adapters.personal_data import Footprint
from notifications.adapters.preferences import SUPPRESSION_PREFIX, suppression_key
from notifications.domain.model import Delivery
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = structlog.get_logger()

SERVICE = "notifications"


async def erasure_requested(event: PersonErasureRequested, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
    if await uow.erasures.recorded(event.request_id):
        log.info("erasure.already_done", request_id=event.request_id)  # the same request published again
        return
    found = await uow.personal_data.find(PersonHashes(frozenset({event.email_hash}), frozenset(event.name_hashes)))
    now = datetime.now(UTC)
    erased = await uow.personal_data.erase(found, SUPPRESSION_PREFIX + event.email_hash, now) if found else {}
    if found:
        # The outbox rows to blank carry what was stored, in any letter case the producing code used.
        values = found.values | {v.casefold() for v in found.values}
        connection = await uow.session.connection()
        outbox_rows = await forget_in_outbox(connection, outbox, values)
        if outbox_rows:
            erased["outbox_event"] = outbox_rows
    await uow.erasures.record(request_id=event.request_id, email_hash=event.email_hash, name_hashes=event.name_hashes,
                              requested_at=event.requested_at, completed_at=now, erased=erased)
    uow.emit(PersonErasureCompleted(request_id=event.request_id, service=SERVICE, erased=erased, completed_at=now))
    log.info("erasure.completed", request_id=event.request_id, erased=erased)


async def export(uow: NotificationsUnitOfWork, email: str, names: list[str]) -> dict[str, list[dict]]:
    """What the service holds of the person, without the secrets it holds for them (signed links, ticket codes, bodies)."""
    async with uow:
        found = await uow.personal_data.find(PersonHashes.of({email}, set(names)))
        suppressions = await uow.preferences.kept_for(suppression_key(email))
        erasures = await uow.erasures.of_email(person_hash(email, kind="email"))
    return _records(found, suppressions) | ({"erasures": erasures} if erasures else {})


def _records(found: Footprint, suppressions: list[dict]) -> dict[str, list[dict]]:
    records = {
        "contacts": [{k: r[k] for k in ("organisation_id", "email", "name", "language", "consented")} for r in found.contacts],
        "registrations": [{k: r[k] for k in ("id", "event_id", "name", "email", "language", "status", "updated_at")}
                          for r in found.registrations],
        "deliveries": [_delivery(d, subject=True) for d in found.deliveries],
        "deliveries_mentioning": [_delivery(d, subject=False) for d in found.mentions],
        "preferences": [{"category": r["category"], "subscribed": r["subscribed"], "updated_at": r["updated_at"], "kept_as_hash": False}
                        for r in found.preferences]
                       + [{"category": r["category"], "subscribed": r["subscribed"], "updated_at": r["updated_at"], "kept_as_hash": True}
                          for r in suppressions],
        # Without the token: it is a credential (it unsubscribes).
        "unsubscribe_links": [{"category": r["category"], "language": r["language"], "created_at": r["created_at"]}
                              for r in found.unsubscribe_links],
    }
    return {kind: rows for kind, rows in records.items() if rows}


def _delivery(d: Delivery, *, subject: bool) -> dict:
    """A message to the person (with its subject) or one about them to someone else (no content: it is not theirs)."""
    row = {"id": d.id, "channel": d.channel.value, "kind": d.kind, "status": d.status.value, "created_at": d.created_at,
           "sent_at": d.sent_at}
    if subject:
        row |= {"category": d.category.value, "language": d.language, "subject": d.payload.get("subject")}
    return row
