"""The retry queue is the deliveries table: what was queued before a restart is sent after it."""

import asyncio
import uuid
from datetime import UTC, datetime

from contracts.events import RegistrationConfirmed
from servicekit.testing import eventually, service_env

from notifications.adapters.repository import DeliveryFilter
from notifications.bootstrap import create_app


async def test_a_delivery_queued_before_a_restart_is_sent_after_it(database_url, monkeypatch, jwt_keys, mailbox, samples, deliver_to):
    service_env(monkeypatch, "notifications", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1], run_consumers="false",
                smtp_port=str(mailbox.proxy.port), link_secret="s", retry_base_seconds="0.05", dispatch_poll_seconds="0.05", smtp_timeout_seconds="2")
    to = f"restart.{uuid.uuid4().hex[:6]}@gent.example"
    event = samples.registration(RegistrationConfirmed, to, language="nl")
    await mailbox.proxy.cut()  # the SMTP server is away while the first process runs

    first = create_app()
    async with first.router.lifespan_context(first):
        await deliver_to(first.state.runtime, event)

        async def attempted():
            async with first.state.runtime.uow() as uow:
                page, _, _ = await uow.deliveries.page(DeliveryFilter(recipient=to), after=None, limit=5)
            return page and page[0].attempts >= 1

        await eventually(attempted)
    assert await mailbox.count(to) == 0

    await mailbox.proxy.start()
    second = create_app()
    async with second.router.lifespan_context(second):
        await eventually(lambda: mailbox.count(to), expect=1)
    assert mailbox.messages(to)[0]["Subject"] == "Inschrijving bevestigd: Fair ICT Flanders conferentie 2021"


async def test_a_delivery_being_sent_when_the_service_stops_is_handed_back_at_once(service, samples, monkeypatch):
    runtime = service.runtime
    sending = asyncio.Event()

    async def hang(payload, *, message_id):
        sending.set()
        await asyncio.Event().wait()  # an SMTP server that never answers

    monkeypatch.setattr(runtime.mailer, "send", hang)
    to = f"stop.{uuid.uuid4().hex[:6]}@gent.example"
    await service.deliver(samples.registration(RegistrationConfirmed, to, language="nl", registration_id=f"reg-{uuid.uuid4().hex[:6]}"))
    await asyncio.wait_for(sending.wait(), 10)

    [dispatcher] = [t for t in runtime._tasks if t.get_name() == "notifications-dispatcher"]
    dispatcher.cancel()
    await asyncio.gather(dispatcher, return_exceptions=True)
    async with runtime.uow() as uow:
        [delivery], _, _ = await uow.deliveries.page(DeliveryFilter(recipient=to), after=None, limit=5)
    # Due now, not after the two-minute lease: the next process sends it straight away.
    assert delivery.status.value == "pending" and delivery.next_attempt_at <= datetime.now(UTC)
