"""Registrants get their messages by e-mail, once, in their language, even when the SMTP server is away for a while."""

import uuid

from contracts.events import JoinLinkReleased, RegistrationConfirmed, RegistrationWaitlisted
from servicekit.testing import bearer, eventually

from notifications.domain.model import DeliveryStatus


def _address() -> str:
    return f"kim.{uuid.uuid4().hex[:8]}@catapa.example"


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


async def _deliveries(service, token, **query):
    response = await service.get("/deliveries", params=query, headers=bearer(token("operator")))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_a_dutch_registrant_gets_dutch_with_brussels_times_and_the_calendar_file(service, mailbox, samples):
    to = _address()
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="nl"))

    await eventually(lambda: mailbox.count(to), expect=1)
    [message] = mailbox.messages(to)
    assert message["Subject"] == "Inschrijving bevestigd: Fair ICT Flanders conferentie 2021"
    assert "donderdag 25 november 2021, 13.00–17.00 uur (Brusselse tijd)" in _text(message)
    assert "FICT-7Q2M" in _text(message) and "https://pact.example/cancel/x" in _text(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="nl">' in html and "13.00–17.00 uur" in html
    [ics] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = ics.get_content()
    assert "DTSTART;TZID=Europe/Brussels:20211125T130000" in calendar
    assert "DTEND;TZID=Europe/Brussels:20211125T170000" in calendar
    assert "SUMMARY:Fair ICT Flanders conferentie 2021" in calendar and "BEGIN:VTIMEZONE" in calendar
    assert message["Message-ID"] and message["List-Unsubscribe"] is None  # transactional: no unsubscribe


async def test_redelivered_event_gives_one_email(service, mailbox, samples, token):
    to = _address()
    event = samples.registration(RegistrationWaitlisted, to, language="fr", status="waitlisted")
    envelope = await service.deliver(event)
    await service.deliver(event, envelope)  # the broker delivers it again
    await eventually(lambda: mailbox.count(to), expect=1)
    [message] = mailbox.messages(to)
    assert message["Subject"] == "Vous êtes sur la liste d'attente : Fair ICT Flanders conferentie 2021"
    assert "jeudi 25 novembre 2021, 13:00–17:00" in _text(message)

    # Accepted by SMTP a moment before the dispatcher records it.
    [delivery] = await eventually(lambda: _deliveries(service, token, recipient=to, status="sent"))
    assert delivery["attempts"] == 1 and delivery["language"] == "fr"


async def test_mail_queued_while_smtp_is_down_arrives_when_it_is_back(service, mailbox, samples, token):
    to = _address()
    await mailbox.proxy.cut()
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="de"))

    async def failing_attempt():
        [delivery] = await _deliveries(service, token, recipient=to)
        return delivery["attempts"] >= 1 and delivery["status"] == "pending" and delivery["last_error"]

    await eventually(failing_attempt)
    assert await mailbox.count(to) == 0

    await mailbox.proxy.start()
    await eventually(lambda: mailbox.count(to), expect=1)
    [delivery] = await eventually(lambda: _deliveries(service, token, recipient=to, status="sent"))
    assert delivery["attempts"] >= 2 and delivery["last_error"] is None
    assert mailbox.messages(to)[0]["Subject"] == "Anmeldung bestätigt: Fair ICT Flanders conferentie 2021"


async def test_the_join_link_goes_to_confirmed_registrants_only(service, mailbox, samples, token):
    waiting, seated = _address(), _address()
    await service.deliver(samples.registration(RegistrationWaitlisted, waiting, status="waitlisted", registration_id="reg-w"))
    await service.deliver(samples.registration(JoinLinkReleased, waiting, status="waitlisted", registration_id="reg-w"))
    await service.deliver(samples.registration(RegistrationConfirmed, seated, registration_id="reg-c"))
    await service.deliver(samples.registration(JoinLinkReleased, seated, registration_id="reg-c"))

    await eventually(lambda: mailbox.count(seated), expect=2)
    assert any("https://pact.example/join/personal-token" in _text(m) for m in mailbox.messages(seated))
    assert [m["Subject"] for m in mailbox.messages(waiting)] == ["Je staat op de wachtlijst: Fair ICT Flanders conferentie 2021"]
    assert all("join/personal-token" not in _text(m) for m in mailbox.messages(waiting))
    assert [d["kind"] for d in await _deliveries(service, token, recipient=waiting)] == ["registration_waitlisted"]


async def test_a_delivery_that_keeps_failing_is_marked_failed_parked_and_can_be_replayed(service, mailbox, samples, token):
    to = _address()
    await mailbox.proxy.cut()
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="en"))

    async def failed():
        return [d for d in await _deliveries(service, token, recipient=to, status="failed")]

    [delivery] = await eventually(failed)
    assert delivery["attempts"] == 4 and "SMTP" in delivery["last_error"]
    async with service.runtime.uow() as uow:
        from sqlalchemy import select

        outbox = service.runtime.outbox
        types = (await uow.session.execute(select(outbox.c.type, outbox.c.topic))).all()
    assert ("notifications.delivery.failed.v1", "notifications.delivery.dlq") in types

    await mailbox.proxy.start()
    response = await service.post(f"/deliveries/{delivery['id']}/replay", headers=bearer(token("operator")))
    assert response.status_code == 202, response.text
    assert response.json()["replay_of"] == delivery["id"]
    await eventually(lambda: mailbox.count(to), expect=1)
    assert (await service.post(f"/deliveries/{delivery['id']}/replay", headers=bearer(token("member", org="00000000-0000-4000-8000-0000000000a1")))).status_code == 404
    assert (await service.get("/deliveries", headers=bearer(token("secretariat")))).status_code == 403
    assert DeliveryStatus.FAILED.value == "failed"


async def test_the_delivery_log_pages_and_refuses_bad_input_with_problems(service, mailbox, samples, token):
    to = _address()
    for i in range(3):
        await service.deliver(samples.registration(RegistrationConfirmed, to, registration_id=f"reg-page-{i}"))
    operator = bearer(token("operator"))
    first = (await service.get("/deliveries", params={"recipient": to, "first": 2}, headers=operator)).json()
    assert first["total_count"] == 3 and len(first["items"]) == 2 and first["page_info"]["has_next_page"]
    rest = (await service.get("/deliveries", params={"recipient": to, "first": 2, "after": first["page_info"]["end_cursor"]}, headers=operator)).json()
    assert len(rest["items"]) == 1 and not rest["page_info"]["has_next_page"]
    assert {d["id"] for d in first["items"] + rest["items"]} == {d["id"] for d in await _deliveries(service, token, recipient=to)}

    from servicekit.pagination import encode_cursor

    for params in ({"after": "garbage"}, {"after": encode_cursor("not-a-time", "x")}, {"status": "lost"}, {"first": 0}):
        response = await service.get("/deliveries", params=params, headers=operator)
        assert response.status_code == 422 and response.json()["code"] == "BAD_USER_INPUT", (params, response.text)
    assert (await service.get("/deliveries/nope", headers=operator)).json()["code"] == "NOT_FOUND"
