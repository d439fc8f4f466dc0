"""A person's erasure (``person.erasure_requested.v1``), in the inbox transaction of the request.

Jurors matching the request keep their id, status and ballots, so the tally, the commitment,
the receipts and the audit export stay valid; their name and e-mail are pseudonymised and their
token is refused from then on (JUROR_ERASED). Their name and address are redacted wherever free
text repeats them, and token subjects naming the person become "[erased]".
"""

from __future__ import annotations

from datetime import datetime

import structlog
from contracts.privacy import PersonErasureCompleted, PersonErasureRequested
from servicekit.privacy import forget_in_outbox

from awards.adapters.orm import outbox
from awards.service_layer.unit_of_work import AwardsUnitOfWork
from contracts import Envelope

log = structlog.get_logger()


async def erase_person(request: PersonErasureRequested, uow: AwardsUnitOfWork, now: datetime) -> dict[str, int]:
    """Erase the person in ``uow``'s transaction (the caller commits); the counts by kind ({} when nothing was found)."""
    if await uow.privacy.erasure_done(request.request_id):
        return {}  # the same request in a new envelope: carried out and answered already
    name_hashes = set(request.name_hashes)
    found = await uow.privacy.jurors_of(request.email_hash, name_hashes)
    actions = await uow.privacy.actions_of(request.email_hash, name_hashes)
    plaintext = {value for j in found for value in (j.name, j.email)}
    plaintext |= {value for *_, value in actions}
    erased: dict[str, int] = {}
    for juror in found:
        juror.pseudonymise(now)
        await uow.jury.save(juror)
    if found:
        erased["juror"] = len(found)
    await uow.privacy.erase_actions(actions)
    if actions:
        erased["actor"] = len(actions)
    mentions = await uow.privacy.free_text_mentions(plaintext, redact_them=True)
    if mentions:
        erased["free_text"] = len(mentions)
    outbox_rows = await forget_in_outbox(await uow.session.connection(), outbox, plaintext)
    await uow.privacy.record_erasure(request_id=request.request_id, email_hash=request.email_hash, name_hashes=request.name_hashes,
                                     requested_at=request.requested_at, completed_at=now, erased=erased)
    uow.emit(PersonErasureCompleted(request_id=request.request_id, service="awards", erased=erased, completed_at=now))
    log.info("person.erased", request_id=request.request_id, erased=erased, outbox_rows=outbox_rows)
    return erased


def consumer(clock):
    """The inbox handler for ``person.erasure_requested.v1``; ``clock`` is the runtime's (tests move it)."""

    async def on_erasure_requested(event: PersonErasureRequested, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
        await erase_person(event, uow, clock())

    return on_erasure_requested
