"""Personal data: filing an erasure request (and erasing membership's own data of the person in the
same transaction), collecting every service's answer, and exporting what membership holds of a person."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import structlog
from contracts import Envelope
from contracts.privacy import PersonErasureCompleted, PersonErasureRequested
from servicekit.privacy import forget_in_outbox
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from membership.adapters.orm import outbox
from membership.adapters.person_data import PersonData
from membership.adapters.privacy import ErasureRepository
from membership.domain import commands
from membership.domain.errors import ConcurrentChange
from membership.domain.privacy import Answer, ErasureRequest, Person
from membership.service_layer import register
from membership.service_layer.handlers import organisation_updated
from membership.service_layer.unit_of_work import MembershipUnitOfWork

log = structlog.get_logger()
SERVICE = "membership"


async def request_erasure(cmd: commands.RequestErasure, uow: MembershipUnitOfWork, expected: list[str]) -> tuple[ErasureRequest, bool]:
    """File the request, erase membership's data of the person and queue both events, in one transaction.

    Returns the request and whether it is new: a pending request for the same e-mail address that
    already covers the names is returned as it is (filing twice erases once).
    """
    person = Person.of(cmd.email, cmd.names)
    async with uow:
        pending = await uow.erasures.pending_for(person.email_hash)
        if pending:
            pending.covers(person)
            return pending, False
        request = ErasureRequest.file(person, reason=cmd.reason, requested_by=cmd.requested_by)
        try:
            # Inserted first: a concurrent filing for the same person waits here on the one-pending index, then conflicts.
            await uow.erasures.add(request)
        except IntegrityError:
            await uow.rollback()
            return await _pending_after_race(uow, person), False
        erased = await _erase_person(uow, person, request)
        answer = Answer(SERVICE, erased, datetime.now(UTC))
        request.answered(answer, expected)
        await uow.erasures.record_answer(request, answer)
        uow.emit(PersonErasureRequested(request_id=request.id, email_hash=request.email_hash, name_hashes=request.name_hashes,
                                        requested_by=request.requested_by, requested_at=request.requested_at))
        uow.emit(PersonErasureCompleted(request_id=request.id, service=SERVICE, erased=erased, completed_at=answer.completed_at))
        await uow.commit()
    log.info("privacy.erasure_requested", request_id=request.id, erased=erased)
    return request, True


async def _pending_after_race(uow: MembershipUnitOfWork, person: Person) -> ErasureRequest:
    async with uow:
        pending = await uow.erasures.pending_for(person.email_hash)
    if pending is None:  # it completed in between: a new filing would be right, but let the caller retry it
        raise ConcurrentChange("An erasure request for this person")
    pending.covers(person)
    return pending


async def _erase_person(uow: MembershipUnitOfWork, person: Person, request: ErasureRequest) -> dict[str, int]:
    """Remove the person's contacts, pseudonymise their signatures, group memberships and token subjects
    (who acted), and blank them in the register's disclosures and the outbox. Aggregates (statuses,
    counts) are untouched."""
    erased: Counter[str] = Counter()
    values = {person.email, *person.names}  # the plaintext to blank in the outbox, as typed and as stored
    for organisation_id in await uow.person_data.organisations_with_contact(person):
        org = await uow.organisations.get(organisation_id)
        removed = org.forget_contacts(lambda contact: person.has_email(contact.email), by=request.requested_by, now=request.requested_at)
        values |= {value for contact in removed for value in (contact.email, contact.name)}
        await uow.organisations.save(org)
        # An ordinary update: downstream copies of the organisation replace their contacts and so drop this one.
        uow.emit(organisation_updated(org))
        erased["contact"] += len(removed)
    signed = await uow.person_data.signatures(person)
    await uow.person_data.pseudonymise_signatures(signed)
    for row in signed:
        erased["support_letter" if row["document_kind"] == "letter_of_support" else "signature"] += 1
        values.add(row["signatory_name"])
    members = await uow.person_data.group_members(person)
    await uow.person_data.pseudonymise_group_members(members)
    erased["group_member"] += len(members)
    values |= {row["person_name"] for row in members}
    subjects = await uow.person_data.actors(person)
    erased["actor"] += await uow.person_data.pseudonymise_actors(subjects)
    values |= subjects
    forgotten = await register.forget(uow.session, [person.email_hash, *person.name_hashes], [row["id"] for row in signed], values)
    erased["register_value"] += forgotten.disclosures
    erased["register_body"] += forgotten.bodies
    await uow.person_data.forget_functions_in_outbox([row["id"] for row in signed])
    erased["outbox_event"] += await forget_in_outbox(await uow.session.connection(), outbox, values)
    return {kind: count for kind, count in sorted(erased.items()) if count}


def answer_recorder(expected: list[str]):
    """The consumer of person.erasure_completed.v1: records each service's answer (the inbox makes it once per event)."""

    async def on_erasure_completed(event: PersonErasureCompleted, envelope: Envelope, uow: MembershipUnitOfWork) -> None:
        request = await uow.erasures.get(event.request_id, for_update=True)
        if request is None:
            log.warning("privacy.unknown_erasure_request", request_id=event.request_id, service=event.service)
            return
        answer = Answer(event.service, dict(event.erased), event.completed_at)
        if request.answered(answer, expected):
            await uow.erasures.record_answer(request, answer)
            log.info("privacy.erasure_answered", request_id=request.id, service=event.service, status=request.status)

    return on_erasure_completed


async def export_person(session: AsyncSession, email: str, names: list[str]) -> dict[str, list[dict]]:
    """Everything membership holds of the person, by kind (empty lists are left out)."""
    person = Person.of(email, names)
    data = PersonData(session)
    signed = await data.signatures(person)
    records = {
        "contact": await data.contacts(person),
        "signature": [row for row in signed if row["document_kind"] != "letter_of_support"],
        "support_letter": [row for row in signed if row["document_kind"] == "letter_of_support"],
        "group_member": await data.group_members(person),
        "erasure_request": [{"id": r.id, "status": r.status, "requested_at": r.requested_at, "completed_at": r.completed_at}
                            for r in await ErasureRepository(session).of_person(person.email_hash)],
    }
    return {kind: rows for kind, rows in records.items() if rows}
