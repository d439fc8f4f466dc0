"""Membership and events events become the right messages to the right people, in their language, respecting preferences."""

import uuid

import pytest
from contracts.events import EventCancelled, RegistrationCancelled, RegistrationConfirmed, RegistrationWaitlisted, ReminderDue
from contracts.membership import OrganisationArchived, SignatureRecorded, SignatureVerified, SupportLetterRecorded, SupportLetterVerified
from servicekit.inbox import RawMessage
from servicekit.testing import bearer, eventually


def _id() -> str:
    return uuid.uuid4().hex[:8]


async def _kinds(service, token, to: str) -> list[str]:
    response = await service.get("/deliveries", params={"recipient": to}, headers=bearer(token("operator")))
    assert response.status_code == 200, response.text
    return sorted(d["kind"] for d in response.json()["items"])


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


async def test_signature_messages_go_to_consenting_contacts_in_their_own_language(service, mailbox, samples):
    org, nl, fr, silent = str(uuid.uuid4()), f"nl.{_id()}@gent.example", f"fr.{_id()}@gent.example", f"no.{_id()}@gent.example"
    await service.deliver(samples.organisation(org, [(nl, "nl", True), (fr, "fr", True), (silent, "en", False)]))
    await service.deliver(samples.signature(SignatureRecorded, org))
    await service.deliver(samples.signature(SignatureVerified, org))

    await eventually(lambda: mailbox.count(nl), expect=2)
    await eventually(lambda: mailbox.count(fr), expect=2)
    subjects = sorted(m["Subject"] for m in mailbox.messages(nl))
    assert subjects == ["Handtekening geregistreerd voor Stad Gent", "Welkom bij het Circular and Fair ICT Pact, Stad Gent"]
    recorded = next(m for m in mailbox.messages(fr) if "enregistrée" in m["Subject"])
    assert "lundi 14 juin 2021 à Gent" in _text(recorded)
    # Membership updates can be switched off: one-click unsubscribe headers (RFC 8058).
    assert recorded["List-Unsubscribe"].startswith("<http://notifications.test/unsubscribe/")
    assert recorded["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert await mailbox.count(silent) == 0


async def test_letter_of_support_messages_and_archived_organisations(service, mailbox, samples, token):
    org, contact = str(uuid.uuid4()), f"de.{_id()}@eupen.example"
    await service.deliver(samples.organisation(org, [(contact, "de", True)]))
    await service.deliver(samples.support_letter(SupportLetterRecorded, org))  # on membership.support_letter, as membership publishes it
    await eventually(lambda: mailbox.count(contact), expect=1)
    assert mailbox.messages(contact)[0]["Subject"] == "Unterstützungsschreiben von Stad Gent erhalten"

    await service.deliver(OrganisationArchived(organisation_id=org, reason="merged", archived_by="op", archived_at=samples.ENDS))
    await service.deliver(samples.support_letter(SupportLetterVerified, org))
    assert await _kinds(service, token, contact) == ["letter_of_support_received"]  # none on behalf of an archived organisation


@pytest.mark.parametrize("topic", ["membership.signature", "membership.support_letter"])
async def test_a_signature_or_letter_before_its_organisation_is_retried_then_dead_lettered(service, samples, monkeypatch, topic):
    parked = []

    async def dead_letter(topic, message: RawMessage, reason):
        parked.append((topic, reason["x-dlq-error"]))

    consumer = service.runtime.consumer_for_topic[topic]
    monkeypatch.setattr(consumer, "_dead_letter", dead_letter)
    monkeypatch.setattr(consumer, "_backoff", 0.001)
    event = samples.signature(SignatureVerified, str(uuid.uuid4())) if topic == "membership.signature" else \
        samples.support_letter(SupportLetterVerified, str(uuid.uuid4()))
    await service.deliver(event)
    assert parked and parked[0][0] == f"{topic}.dlq" and "not known yet" in parked[0][1]


async def test_unsubscribing_with_one_click_stops_reminders_but_never_service_messages(service, mailbox, samples, token):
    to = f"r.{_id()}@leuven.example"
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="en", registration_id="reg-r"))
    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-r"))
    await eventually(lambda: mailbox.count(to), expect=2)
    reminder = next(m for m in mailbox.messages(to) if m["Subject"].startswith("Tomorrow"))
    assert "Please bring" not in _text(reminder) and "personal join link" in _text(reminder)
    url = reminder["List-Unsubscribe"].strip("<>").removeprefix("http://notifications.test")

    page = await service.get(url)
    assert page.status_code == 200 and "event reminders" in page.text  # a GET changes nothing
    one_click = await service.post(url, content="List-Unsubscribe=One-Click", headers={"content-type": "application/x-www-form-urlencoded"})
    assert one_click.status_code == 200, one_click.text

    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-r", reminder="1h", reminder_id="reg-r:1h"))
    await service.deliver(samples.registration(RegistrationCancelled, to, language="en", registration_id="reg-r", status="cancelled"))
    await eventually(lambda: mailbox.count(to), expect=3)
    assert await _kinds(service, token, to) == ["registration_cancelled", "registration_confirmed", "reminder"]
    assert "Registration cancelled: Fair ICT Flanders conference 2021" in [m["Subject"] for m in mailbox.messages(to)]

    await service.post(f"{url}/resubscribe")
    await service.deliver(samples.registration(ReminderDue, to, language="en", registration_id="reg-r", reminder="1h", reminder_id="reg-r:1h-again"))
    # Subscribed again, but the registration was cancelled meanwhile: still no reminder.
    assert await _kinds(service, token, to) == ["registration_cancelled", "registration_confirmed", "reminder"]


async def test_a_cancelled_event_is_announced_once_to_everyone_registered(service, mailbox, samples, token):
    seated, waiting = f"s.{_id()}@gent.example", f"w.{_id()}@gent.example"
    await service.deliver(samples.registration(RegistrationConfirmed, seated, language="nl", registration_id="reg-s"))
    await service.deliver(samples.registration(RegistrationWaitlisted, waiting, language="de", status="waitlisted", registration_id="reg-w"))
    await service.deliver(EventCancelled(event_id="fict-2021", event=samples.snapshot(), reason="Sprecherin erkrankt", cancelled_at=samples.ENDS))
    # The events service also cancels each registration; that must not mail a second time.
    await service.deliver(samples.registration(RegistrationCancelled, seated, language="nl", registration_id="reg-s", status="cancelled",
                                               cancelled_by="event_cancelled"))
    await eventually(lambda: mailbox.count(seated), expect=2)
    await eventually(lambda: mailbox.count(waiting), expect=2)
    assert "Geannuleerd: Fair ICT Flanders conferentie 2021" in [m["Subject"] for m in mailbox.messages(seated)]
    [cancelled] = [m for m in mailbox.messages(waiting) if m["Subject"].startswith("Abgesagt")]
    assert "Grund: Sprecherin erkrankt" in _text(cancelled)
    assert await _kinds(service, token, seated) == ["event_cancelled", "registration_confirmed"]
