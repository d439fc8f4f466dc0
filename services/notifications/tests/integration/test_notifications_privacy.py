"""A person's erasure (person.erasure_requested.v1 through the inbox) and export (POST /privacy/export).

The dispatcher is driven by hand, so a message can be left queued at the moment of the erasure.
"""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from contracts.awards import JurorInvited
from contracts.events import JoinLinkReleased, RegistrationConfirmed, ReminderDue
from contracts.membership import Language, SignatureRecorded
from contracts.privacy import PersonErasureRequested, person_hash
from servicekit.testing import RunningServer, bearer, eventually, personal_data_left
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from contracts import Envelope
from notifications.adapters.orm import deliveries, erasures, known_contacts, known_registrations, outbox

ORG = "6d1f6a0e-2f5d-4c1e-9a57-5e9b3c2f0a11"
ERASED_EMAIL, ERASED_NAME = "Griet.Vermeulen@Gent.example", "Griet Vermeulen"  # mixed case: matched after normalising
OTHER_EMAIL, OTHER_NAME = "jonas.peeters@leuven.example", "Jonas Peeters"
WEBHOOK_TYPES = ["membership.organisation.registered.v1", "membership.signature.recorded.v1", "events.registration.confirmed.v1"]


@pytest.fixture
def notifications_env() -> dict[str, str]:
    return {"run_dispatcher": "false"}


@pytest.fixture
async def receiver():
    received: list[bytes] = []

    async def hook(request):
        received.append(await request.body())
        return Response(status_code=204)

    async with RunningServer(Starlette(routes=[Route("/hook", hook, methods=["POST"])])) as server:
        yield server.url + "/hook", received


def erasure_request(email: str, names: tuple[str, ...] = (), at: datetime | None = None) -> PersonErasureRequested:
    return PersonErasureRequested(request_id=str(uuid.uuid4()), email_hash=person_hash(email, kind="email"),
                                  name_hashes=[person_hash(n, kind="name") for n in names], requested_by="secretariat-1",
                                  requested_at=at or datetime.now(UTC))


def juror(email: str, name: str) -> JurorInvited:
    return JurorInvited(juror_id=str(uuid.uuid4()), edition_id="fict-awards-2021", edition_name="Fair ICT Awards 2021", name=name,
                        email=email, language=Language.NL, invited_at=datetime(2021, 9, 1, tzinfo=UTC))


async def dispatch_all(service) -> None:
    while await service.runtime.dispatcher.dispatch_once():
        pass


async def rows(service, table, *where) -> list[dict]:
    async with service.runtime.engine.connect() as conn:
        return [dict(r) for r in (await conn.execute(select(table).where(*where))).mappings()]


async def load_two_people(service, samples, token, hook_url) -> None:
    """Both people are contacts of one organisation and registrants; the one to erase is also a juror and opted out of
    reminders. Everything is sent except a join link to each, still queued when the erasure comes."""
    response = await service.post("/webhooks/subscriptions", json={"url": hook_url, "event_types": WEBHOOK_TYPES},
                                  headers=bearer(token("operator")))
    assert response.status_code == 201, response.text
    await service.deliver(samples.organisation(ORG, [(ERASED_EMAIL, "nl", True, ERASED_NAME), (OTHER_EMAIL, "en", True, OTHER_NAME)]))
    await service.deliver(samples.signature(SignatureRecorded, ORG))
    for email, name, registration_id in ((ERASED_EMAIL, ERASED_NAME, "reg-a"), (OTHER_EMAIL, OTHER_NAME, "reg-b")):
        await service.deliver(samples.registration(RegistrationConfirmed, email, name=name, registration_id=registration_id))
    await service.deliver(juror(ERASED_EMAIL, ERASED_NAME))
    await dispatch_all(service)
    async with service.runtime.uow() as uow:  # the link a reminder to them would carry
        opt_out = await uow.unsubscribe_links.token_for(ERASED_EMAIL, "event_reminders", "nl", datetime.now(UTC))
        await uow.commit()
    assert (await service.post(f"/unsubscribe/{opt_out}")).status_code == 200
    for email, name, registration_id in ((ERASED_EMAIL, ERASED_NAME, "reg-a"), (OTHER_EMAIL, OTHER_NAME, "reg-b")):
        await service.deliver(samples.registration(JoinLinkReleased, email, name=name, registration_id=registration_id))


async def export(service, token, email: str, names: list[str] | None = None) -> dict:
    response = await service.post("/privacy/export", json={"email": email, "names": names or []}, headers=bearer(token("secretariat")))
    assert response.status_code == 200, response.text
    assert response.json()["service"] == "notifications"
    return response.json()["records"]


async def test_an_erased_person_leaves_nothing_behind_and_their_queued_message_is_never_sent(service, samples, mailbox, token, receiver):
    hook_url, _ = receiver
    await load_two_people(service, samples, token, hook_url)
    assert await mailbox.count(ERASED_EMAIL) == 3 and await mailbox.count(OTHER_EMAIL) == 2  # + the jury invitation
    other_before = {d["id"]: d for d in await rows(service, deliveries, deliveries.c.recipient == OTHER_EMAIL)}

    before = await export(service, token, ERASED_EMAIL)
    assert sorted(before) == ["contacts", "deliveries", "deliveries_mentioning", "preferences", "registrations", "unsubscribe_links"]
    # The links of the signature message (membership updates) and of the reminders they opted out of; no token (a credential).
    assert sorted((link["category"], link["language"]) for link in before["unsubscribe_links"]) == [
        ("event_reminders", "nl"), ("membership_updates", "nl")]
    assert all("token" not in link for link in before["unsubscribe_links"])
    assert sorted((d["kind"], d["status"]) for d in before["deliveries"]) == [
        ("join_link", "pending"), ("jury_invitation", "sent"), ("registration_confirmed", "sent"), ("signature_recorded", "sent")]
    assert {d["kind"] for d in before["deliveries_mentioning"]} == {"membership.organisation.registered.v1", "events.registration.confirmed.v1"}
    assert before["preferences"] == [{"category": "event_reminders", "subscribed": False, "updated_at": before["preferences"][0]["updated_at"],
                                      "kept_as_hash": False}]
    assert "personal-token" not in json.dumps(before) and "/cancel/" not in json.dumps(before)  # no signed links in an export

    request = erasure_request(ERASED_EMAIL)
    envelope = await service.deliver(request)
    await service.deliver(request, envelope)  # redelivered: the inbox skips it
    await service.deliver(request)  # the same request published again: already done

    completed = await rows(service, outbox, outbox.c.type == "person.erasure_completed.v1")
    assert len(completed) == 1
    answer = json.loads(completed[0]["payload"])
    assert answer["request_id"] == request.request_id and answer["service"] == "notifications"
    assert answer["erased"] == {"contact": 1, "registration": 1, "delivery": 4, "delivery_cancelled": 1, "delivery_content": 2,
                                "preference": 1, "unsubscribe_link": 2}
    [audit] = await rows(service, erasures)
    assert audit["email_hash"] == request.email_hash and json.loads(audit["erased"]) == answer["erased"]

    assert await personal_data_left(service.runtime.engine, {ERASED_EMAIL, ERASED_NAME}) == []

    mine = await rows(service, deliveries, deliveries.c.recipient.like("erased-%"))
    assert sorted(d["status"] for d in mine) == ["cancelled", "sent", "sent", "sent"]
    assert all(d["recipient"] == f"erased-{d['id']}@erased.invalid" and json.loads(d["payload"]) == {} for d in mine)
    replay = await service.post(f"/deliveries/{mine[0]['id']}/replay", headers=bearer(token("operator")))
    assert replay.status_code == 409 and replay.json()["code"] == "DELIVERY_NOT_REPLAYABLE"  # nothing left to send, nobody to send it to
    await dispatch_all(service)
    assert await mailbox.count(ERASED_EMAIL) == 3  # the queued join link never went out
    assert await mailbox.count(OTHER_EMAIL) == 3  # the other person's did

    other_after = {d["id"]: d for d in await rows(service, deliveries, deliveries.c.recipient == OTHER_EMAIL)}
    assert {i: d["payload"] for i, d in other_after.items()} == {i: d["payload"] for i, d in other_before.items()}
    assert [c["email"] for c in await rows(service, known_contacts)] == [OTHER_EMAIL]
    assert [r["id"] for r in await rows(service, known_registrations)] == ["reg-b"]
    registered = [json.loads(json.loads(d["payload"])["body"]) for d in await rows(service, deliveries, deliveries.c.channel == "webhook")
                  if d["kind"] == "membership.organisation.registered.v1"]
    assert [[c["name"] for c in body["data"]["contacts"]] for body in registered] == [["[erased]", OTHER_NAME]]

    after = await export(service, token, ERASED_EMAIL)
    assert sorted(after) == ["erasures", "preferences"] and after["preferences"][0]["kept_as_hash"] is True
    assert [e["request_id"] for e in after["erasures"]] == [request.request_id]
    assert (await export(service, token, OTHER_EMAIL))["deliveries"]  # the other person is still all there


async def test_a_late_event_from_before_the_erasure_brings_nothing_back(service, samples, mailbox, token, receiver):
    hook_url, _ = receiver
    await load_two_people(service, samples, token, hook_url)
    request = erasure_request(ERASED_EMAIL)
    await service.deliver(request)
    await dispatch_all(service)
    sent_before = await mailbox.count(ERASED_EMAIL)

    earlier = request.requested_at - timedelta(minutes=5)
    late_registration = samples.registration(RegistrationConfirmed, ERASED_EMAIL, name=ERASED_NAME, registration_id="reg-a")
    await service.deliver(late_registration, _envelope(late_registration, earlier))
    # Newer than the organisation's copy, so it replaces it: without the erased contact.
    late_contact = samples.organisation(ORG, [(ERASED_EMAIL, "nl", True, ERASED_NAME), (OTHER_EMAIL, "en", True, OTHER_NAME)])
    await service.deliver(late_contact, _envelope(late_contact, request.requested_at - timedelta(milliseconds=1)))
    late_jury = juror(ERASED_EMAIL, ERASED_NAME)
    await service.deliver(late_jury, _envelope(late_jury, earlier))
    await dispatch_all(service)

    assert await mailbox.count(ERASED_EMAIL) == sent_before  # no e-mail
    assert [r["id"] for r in await rows(service, known_registrations)] == ["reg-b"]  # no copy
    assert [c["email"] for c in await rows(service, known_contacts)] == [OTHER_EMAIL]
    assert await personal_data_left(service.runtime.engine, {ERASED_EMAIL, ERASED_NAME}) == []
    # The webhooks still hear of the events, without the person.
    hooks = [json.loads(json.loads(d["payload"])["body"]) for d in await rows(service, deliveries, deliveries.c.channel == "webhook")]
    late = [h["data"]["registrant"] for h in hooks if h["type"] == "events.registration.confirmed.v1" and h["timestamp"] == earlier.isoformat()]
    assert [(r["name"], r["email"]) for r in late] == [("[erased]", "[erased]")]


async def test_a_person_who_comes_back_after_the_erasure_is_written_to_but_their_opt_out_holds(service, samples, mailbox, token, receiver):
    hook_url, _ = receiver
    await load_two_people(service, samples, token, hook_url)
    await service.deliver(erasure_request(ERASED_EMAIL, at=datetime.now(UTC) - timedelta(seconds=1)))
    await dispatch_all(service)
    sent_before = await mailbox.count(ERASED_EMAIL)

    await service.deliver(samples.registration(RegistrationConfirmed, ERASED_EMAIL, name=ERASED_NAME, registration_id="reg-a2"))
    await service.deliver(samples.registration(ReminderDue, ERASED_EMAIL, name=ERASED_NAME, registration_id="reg-a2"))
    await dispatch_all(service)
    subjects = [m["Subject"] for m in mailbox.messages(ERASED_EMAIL)[sent_before:]]
    assert len(subjects) == 1 and subjects[0].startswith("Inschrijving bevestigd")  # the confirmation; no reminder


async def test_a_signatory_known_only_by_name_is_blanked_in_messages_to_others(service, samples, mailbox, token, receiver):
    hook_url, _ = receiver
    signatory = "Elke Sleurs"  # the samples' signatory: named in the messages to the organisation's contacts and in the webhook
    await load_two_people(service, samples, token, hook_url)
    await dispatch_all(service)
    assert await personal_data_left(service.runtime.engine, {signatory})
    assert (await export(service, token, "nobody@nowhere.example", [signatory]))["deliveries_mentioning"]

    request = erasure_request("elke.sleurs@unknown.example", names=(signatory,))
    await service.deliver(request)
    assert await personal_data_left(service.runtime.engine, {signatory}) == []
    signature_mails = [json.loads(d["payload"]) for d in await rows(service, deliveries, deliveries.c.kind == "signature_recorded")]
    assert any("[erased]" in p.get("text", "") for p in signature_mails)  # the other contact's copy, rendered again without her
    [answer] = await rows(service, outbox, outbox.c.type == "person.erasure_completed.v1")
    assert json.loads(answer["payload"])["erased"] == {"delivery_content": 3}  # two e-mails, one webhook

    # A late signature event names her again: the message goes out without her name.
    late = samples.signature(SignatureRecorded, ORG, signature_id="sig-late")
    await service.deliver(late, _envelope(late, request.requested_at - timedelta(minutes=1)))
    await dispatch_all(service)
    assert await personal_data_left(service.runtime.engine, {signatory}) == []
    assert any("[erased]" in m.get_body(preferencelist=("plain",)).get_content() for m in mailbox.messages(OTHER_EMAIL)[-1:])


async def test_a_message_claimed_by_the_dispatcher_just_before_the_erasure_is_not_sent(service, samples, mailbox):
    await service.deliver(samples.registration(RegistrationConfirmed, ERASED_EMAIL, name=ERASED_NAME, registration_id="reg-a"))
    sending = service.runtime.dispatcher._sending  # every send waits for one of its slots: hold them all
    for _ in range(10):
        await sending.acquire()
    dispatching = asyncio.create_task(service.runtime.dispatcher.dispatch_once())
    claimed = datetime.now(UTC) + timedelta(seconds=30)  # a claim pushes next_attempt_at a lease ahead

    async def is_claimed() -> bool:
        return all(d["next_attempt_at"] > claimed for d in await rows(service, deliveries))

    await eventually(is_claimed)
    await service.deliver(erasure_request(ERASED_EMAIL))
    for _ in range(10):
        sending.release()
    assert await dispatching == 1
    assert await mailbox.count() == 0
    assert [d["status"] for d in await rows(service, deliveries)] == ["cancelled"]


async def test_nothing_found_is_still_answered_and_recorded(service):
    request = erasure_request("someone.else@nowhere.example")
    await service.deliver(request)
    [answer] = await rows(service, outbox, outbox.c.type == "person.erasure_completed.v1")
    assert json.loads(answer["payload"])["erased"] == {}
    assert [e["request_id"] for e in await rows(service, erasures)] == [request.request_id]


async def test_export_is_for_the_secretariat_and_operators_and_checks_its_input(service, token):
    url, body = "/privacy/export", {"email": "someone@nowhere.example"}
    assert (await service.post(url, json=body)).status_code == 401
    for role in ("member", "juror"):
        response = await service.post(url, json=body, headers=bearer(token(role, org="00000000-0000-4000-8000-0000000000a1", juror="00000000-0000-4000-8000-0000000000b1")))
        assert response.status_code == 403 and response.json()["code"] == "FORBIDDEN"
    for bad in ({}, {"email": "not-an-address"}, {"email": "a@b.example", "names": [""]}, {"email": "a@b.example", "names": ["x"] * 21}):
        response = await service.post(url, json=bad, headers=bearer(token("operator")))
        assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT", (bad, response.text)
    response = await service.post(url, json=body, headers=bearer(token("operator")))
    assert response.status_code == 200 and response.json() == {"service": "notifications", "records": {}}


def _envelope(event, at: datetime) -> Envelope:
    """The event as its producer stamped it at ``at`` (a late or replayed event keeps its original time)."""
    return Envelope(source="test", type=event.event_type, subject=event.aggregate_id, correlationid="test", time=at)
