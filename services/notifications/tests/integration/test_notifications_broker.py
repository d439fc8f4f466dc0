"""Through the real embedded broker: the service's own Kafka consumers, the inbox, the dispatcher and SMTP."""

import uuid

import pytest
from contracts.awards import JurorInvited
from contracts.events import RegistrationConfirmed
from contracts.membership import Language
from servicekit.testing import eventually


@pytest.fixture
def notifications_env() -> dict[str, str]:
    return {"run_consumers": "true"}


async def test_an_event_published_twice_gives_one_email_at_the_smtp_server(service, mailbox, samples, publish_event):
    to = f"an.{uuid.uuid4().hex[:8]}@gent.example"
    registration_id = f"reg-{uuid.uuid4().hex[:6]}"
    event = samples.registration(RegistrationConfirmed, to, language="nl", registration_id=registration_id)
    envelope = await publish_event(event)
    await publish_event(event, envelope)  # a producer retry: same event id, a second record on the topic

    await eventually(lambda: mailbox.count(to), expect=1, timeout=30)
    # A later event of the same registration (same key, same partition, after both copies): once it is mailed, both copies were consumed.
    later = f"later.{uuid.uuid4().hex[:8]}@gent.example"
    await publish_event(samples.registration(RegistrationConfirmed, later, registration_id=registration_id))
    await eventually(lambda: mailbox.count(later), expect=1, timeout=30)
    assert await mailbox.count(to) == 1
    assert "13.00–17.00 uur" in mailbox.messages(to)[0].get_body(preferencelist=("plain",)).get_content()


async def test_a_jury_invitation_published_twice_reaches_the_dutch_juror_once(service, mailbox, samples, publish_event):
    to = f"juror.{uuid.uuid4().hex[:8]}@kuleuven.example"
    event = JurorInvited(juror_id=str(uuid.uuid4()), edition_id="fict-awards-2021", edition_name="Fair ICT Awards 2021", name="Jan Peeters",
                         email=to, language=Language.NL, invited_at=samples.STARTS)
    envelope = await publish_event(event)
    await publish_event(event, envelope)

    await eventually(lambda: mailbox.count(to), expect=1, timeout=30)
    # A later invitation of the same juror (same key and partition): once it is mailed, both copies were consumed.
    later = f"second.{uuid.uuid4().hex[:8]}@kuleuven.example"
    await publish_event(event.model_copy(update={"email": later}))
    await eventually(lambda: mailbox.count(later), expect=1, timeout=30)
    assert await mailbox.count(to) == 1
    assert mailbox.messages(to)[0]["Subject"] == "Uitnodiging voor de jury van de Fair ICT Awards 2021"
