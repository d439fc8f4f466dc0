"""Awards events become messages: the jury invitation to the juror, nominations and awards to the organisations' contacts."""

import uuid
from datetime import UTC, datetime

from contracts.awards import EditionCreated, JurorInvited, NominationScreened, NominationSubmitted, ResultsPublished, Winner
from contracts.membership import Language
from servicekit.inbox import RawMessage
from servicekit.testing import bearer, eventually

AT = datetime(2021, 9, 1, 8, tzinfo=UTC)


def _id() -> str:
    return uuid.uuid4().hex[:8]


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


async def _kinds(service, token, to: str) -> list[str]:
    response = await service.get("/deliveries", params={"recipient": to}, headers=bearer(token("operator")))
    assert response.status_code == 200, response.text
    return sorted(d["kind"] for d in response.json()["items"])


def juror_invited(email: str, language: str = "nl") -> JurorInvited:
    return JurorInvited(juror_id=str(uuid.uuid4()), edition_id="fict-awards-2021", edition_name="Fair ICT Awards 2021", name="Jan Peeters",
                        email=email, language=Language(language), invited_at=AT)


def nomination(cls, nominator: str, nominee: str, nomination_id: str = "nom-1", **specific):
    defaults = {"NominationSubmitted": dict(submitted_at=AT),
                "NominationScreened": dict(eligible=False, reason="Only public buyers can win this category.", screened_at=AT)}[cls.__name__]
    return cls(nomination_id=nomination_id, edition_id="fict-awards-2021", category_id="cat-procurement", nominee_id=nominee,
               nominator_id=nominator, **{**defaults, **specific})


def results(*winners: tuple[str, str, str]) -> ResultsPublished:
    """winners: (category_id, category name, nominee organisation id)."""
    return ResultsPublished(edition_id="fict-awards-2021", name="Fair ICT Awards 2021", commitment="c" * 64, nonce="n", published_by="scheduler",
                            published_at=AT, winners=[Winner(category_id=c, category_name=n, nomination_id=f"nom-{c}", nominee_id=o,
                                                             nominee_name="x", score="4.500000") for c, n, o in winners])


async def _organisation(service, samples, name: str, contacts) -> str:
    org = str(uuid.uuid4())
    await service.deliver(samples.organisation(org, contacts).model_copy(update={"name": name}))
    return org


async def test_the_jury_invitation_reaches_a_dutch_juror_once_in_dutch(service, mailbox, token):
    to = f"juror.{_id()}@kuleuven.example"
    event = juror_invited(to, "nl")
    envelope = await service.deliver(event)
    await service.deliver(event, envelope)  # redelivered: the inbox and the delivery key make it one message

    await eventually(lambda: mailbox.count(to), expect=1)
    [message] = mailbox.messages(to)
    assert message["Subject"] == "Uitnodiging voor de jury van de Fair ICT Awards 2021"
    assert "Beste Jan Peeters," in _text(message) and "Uw stemmen zijn geheim" in _text(message)
    assert message["List-Unsubscribe"] is None  # transactional: cannot be switched off
    assert await _kinds(service, token, to) == ["jury_invitation"]


async def test_nomination_messages_go_to_the_nominators_consenting_contacts(service, mailbox, samples, token):
    nl, fr, silent, nominee_contact = (f"{p}.{_id()}@example.org" for p in ("nl", "fr", "no", "nominee"))
    nominator = await _organisation(service, samples, "Stad Gent", [(nl, "nl", True), (fr, "fr", True), (silent, "en", False)])
    nominee = await _organisation(service, samples, "Fairphone", [(nominee_contact, "en", True)])
    edition = f"Fair ICT Awards {_id()}"
    await service.deliver(EditionCreated(edition_id="fict-awards-2021", name=edition, organiser="Circular and Fair ICT Pact", nominations_open_at=AT,
                                         nominations_close_at=AT, voting_opens_at=AT, voting_closes_at=AT, category_names=["Procurement"],
                                         created_at=AT))
    await service.deliver(nomination(NominationSubmitted, nominator, nominee))
    await eventually(lambda: mailbox.count(nl), expect=1)
    await eventually(lambda: mailbox.count(fr), expect=1)
    assert mailbox.messages(nl)[0]["Subject"] == "Nominatie ontvangen: Fairphone"
    assert f"secretariaat van de {edition} heeft op woensdag 1 september 2021 de nominatie ontvangen van Fairphone, ingediend door Stad Gent" \
        in _text(mailbox.messages(nl)[0])

    # Awards updates can be switched off with one click; the French contact keeps them.
    url = mailbox.messages(nl)[0]["List-Unsubscribe"].strip("<>").removeprefix("http://notifications.test")
    page = await service.get(url)
    assert "berichten over de Fair ICT Awards" in page.text
    assert (await service.post(url, content="List-Unsubscribe=One-Click",
                               headers={"content-type": "application/x-www-form-urlencoded"})).status_code == 200

    await service.deliver(nomination(NominationScreened, nominator, nominee))
    await eventually(lambda: mailbox.count(fr), expect=2)
    [screened] = [m for m in mailbox.messages(fr) if m["Subject"] == "Nomination non acceptée : Fairphone"]
    assert "Motif : Only public buyers can win this category." in _text(screened)
    assert await _kinds(service, token, nl) == ["nomination_received"]
    assert await mailbox.count(silent) == 0 and await mailbox.count(nominee_contact) == 0


async def test_published_results_congratulate_each_winners_contacts_once_per_category(service, mailbox, samples, token):
    double, single, loser = (f"{p}.{_id()}@example.org" for p in ("double", "single", "loser"))
    gent = await _organisation(service, samples, "Stad Gent", [(double, "de", True)])
    fairphone = await _organisation(service, samples, "Fairphone", [(single, "en", True)])
    await _organisation(service, samples, "Nobody", [(loser, "en", True)])
    event = results(("cat-procurement", "Procurement", gent), ("cat-circular", "Circular use", gent), ("cat-products", "Products", fairphone))
    envelope = await service.deliver(event)
    await service.deliver(event, envelope)

    await eventually(lambda: mailbox.count(double), expect=2)
    await eventually(lambda: mailbox.count(single), expect=1)
    assert sorted(m["Subject"] for m in mailbox.messages(double)) == [
        "Stad Gent gewinnt bei den Fair ICT Awards 2021: Circular use", "Stad Gent gewinnt bei den Fair ICT Awards 2021: Procurement"]
    assert mailbox.messages(single)[0]["Subject"] == "Fairphone wins at the Fair ICT Awards 2021: Products"
    assert await _kinds(service, token, double) == ["award_won", "award_won"]
    assert await mailbox.count(loser) == 0


async def test_results_naming_an_unknown_organisation_are_retried_then_dead_lettered(service, monkeypatch, samples, token):
    parked = []

    async def dead_letter(topic, message: RawMessage, reason):
        parked.append((topic, reason["x-dlq-error"]))

    consumer = service.runtime.consumer_for_topic["awards.edition"]
    monkeypatch.setattr(consumer, "_dead_letter", dead_letter)
    monkeypatch.setattr(consumer, "_backoff", 0.001)
    known = f"known.{_id()}@example.org"
    org = await _organisation(service, samples, "Fairphone", [(known, "en", True)])
    await service.deliver(results(("cat-a", "A", org), ("cat-b", "B", str(uuid.uuid4()))))
    assert parked and parked[0][0] == "awards.edition.dlq" and "not known yet" in parked[0][1]
    assert await _kinds(service, token, known) == []  # nothing half-done: the whole event waits
