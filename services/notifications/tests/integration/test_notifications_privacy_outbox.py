"""An SMTP server that refuses the person's mailbox names them in its error: the failed delivery and the
notifications.delivery.failed.v1 event in the outbox carry it, and an erasure blanks both."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from contracts.events import RegistrationConfirmed
from contracts.privacy import PersonErasureRequested, person_hash
from servicekit.localbroker import free_port
from servicekit.testing import personal_data_left
from sqlalchemy import select

from notifications.adapters.orm import deliveries, outbox

ERASED_EMAIL, ERASED_NAME = "Griet.Vermeulen@Gent.example", "Griet Vermeulen"
UNKNOWN_MAILBOX = ERASED_EMAIL.lower()


class RefusingMailbox:
    """Accepts every recipient but one, which it refuses the way real servers do: naming the address."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() == UNKNOWN_MAILBOX:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return "250 Message accepted"


@pytest.fixture
def refusing_smtp():
    port = free_port()
    controller = Controller(RefusingMailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


@pytest.fixture
def notifications_env(refusing_smtp) -> dict[str, str]:
    return {"run_dispatcher": "false", "smtp_port": str(refusing_smtp), "delivery_max_attempts": "1"}


async def test_the_refusal_naming_the_person_is_blanked_in_the_delivery_and_the_outbox(service, samples):
    await service.deliver(samples.registration(RegistrationConfirmed, ERASED_EMAIL, name=ERASED_NAME, registration_id="reg-a"))
    assert await service.runtime.dispatcher.dispatch_once() == 1
    async with service.runtime.engine.connect() as conn:
        [failed] = (await conn.execute(select(outbox.c.payload).where(outbox.c.type == "notifications.delivery.failed.v1"))).scalars()
    assert UNKNOWN_MAILBOX in json.loads(failed)["last_error"].lower()  # what the erasure must remove

    await service.deliver(PersonErasureRequested(request_id=str(uuid.uuid4()), email_hash=person_hash(ERASED_EMAIL, kind="email"),
                                                 requested_by="secretariat-1", requested_at=datetime.now(UTC)))

    assert await personal_data_left(service.runtime.engine, {ERASED_EMAIL, ERASED_NAME}) == []
    async with service.runtime.engine.connect() as conn:
        [failed] = (await conn.execute(select(outbox.c.payload).where(outbox.c.type == "notifications.delivery.failed.v1"))).scalars()
        [completed] = (await conn.execute(select(outbox.c.payload).where(outbox.c.type == "person.erasure_completed.v1"))).scalars()
        [status] = (await conn.execute(select(deliveries.c.status))).scalars()
    assert "[erased]" in json.loads(failed)["last_error"]
    assert json.loads(completed)["erased"] == {"registration": 1, "delivery": 1, "outbox_event": 1}
    assert status == "failed"  # the row keeps what happened to it
