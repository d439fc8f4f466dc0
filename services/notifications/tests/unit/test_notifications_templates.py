"""Every message kind renders in every language, strictly: a missing variable or translation fails."""

from datetime import UTC, date, datetime

import pytest
from jinja2 import UndefinedError

from notifications.adapters.rendering import MissingTemplate, Renderer, format_period
from notifications.domain.model import LANGUAGES, MessageKind

STARTS, ENDS = datetime(2021, 11, 25, 12, 0, tzinfo=UTC), datetime(2021, 11, 25, 16, 0, tzinfo=UTC)
_EVENT = dict(event_title="Fair ICT Flanders conferentie 2021", starts_at=STARTS, ends_at=ENDS, timezone="Europe/Brussels",
              online=True, venue="")
_SIGNATURE = dict(organisation="Stad Gent", document="pact")
SAMPLES = {
    MessageKind.REGISTRATION_CONFIRMED: {**_EVENT, "ticket_code": "FICT-7Q2M", "cancel_url": "https://pact.example/c/1",
                                         "calendar_url": "https://pact.example/ics/1"},
    MessageKind.REGISTRATION_WAITLISTED: {**_EVENT, "position": 3, "cancel_url": "https://pact.example/c/1"},
    MessageKind.REGISTRATION_PROMOTED: {**_EVENT, "ticket_code": "FICT-7Q2M", "cancel_url": "https://pact.example/c/1",
                                        "calendar_url": "https://pact.example/ics/1"},
    MessageKind.JOIN_LINK: {**_EVENT, "join_url": "https://pact.example/j/abc"},
    MessageKind.REMINDER: {**_EVENT, "reminder": "24h", "ticket_code": None, "cancel_url": None},
    MessageKind.REGISTRATION_CANCELLED: {**_EVENT, "cancelled_by": "registrant"},
    MessageKind.EVENT_CANCELLED: {**_EVENT, "reason": "De spreker is ziek."},
    MessageKind.SIGNATURE_RECORDED: {**_SIGNATURE, "signatory_name": "Elke Sleurs", "signatory_function": "Schepen",
                                     "signed_on": date(2021, 6, 14), "signed_place": "Gent"},
    MessageKind.SIGNATURE_VERIFIED: _SIGNATURE,
    MessageKind.SIGNATURE_REJECTED: {**_SIGNATURE, "reason": "The scan is unreadable."},
    MessageKind.SIGNATURE_WITHDRAWN: {**_SIGNATURE, "withdrawn_on": date(2023, 1, 1), "reason": "Merged into another body."},
    MessageKind.LETTER_RECEIVED: {**_SIGNATURE, "document": "letter_of_support", "signatory_name": "Kim Claes",
                                  "signatory_function": "Coordinator", "signed_on": date(2021, 6, 14), "signed_place": "Leuven"},
    MessageKind.LETTER_VERIFIED: {**_SIGNATURE, "document": "letter_of_support"},
    MessageKind.WEBHOOK_DISABLED: {"organisation": "Stad Gent", "url": "https://hooks.example/pact", "failures": 3,
                                   "last_error": "HTTP 500"},
    MessageKind.JURY_INVITATION: {"edition": "Fair ICT Awards 2021"},
    MessageKind.NOMINATION_RECEIVED: {"organisation": "Stad Gent", "nominee": "Fairphone", "self_nomination": False, "edition": None,
                                      "submitted_at": datetime(2021, 9, 1, 8, tzinfo=UTC)},
    MessageKind.NOMINATION_SCREENED: {"organisation": "Stad Gent", "nominee": "Fairphone", "self_nomination": False, "edition": "Fair ICT Awards 2021",
                                      "eligible": False,
                                      "reason": "Hardware makers compete in the products category."},
    MessageKind.AWARD_WON: {"organisation": "Fairphone", "edition": "Fair ICT Awards 2021", "award_category": "Procurement"},
}

renderer = Renderer()


def test_there_is_a_template_for_every_kind_and_no_stray_one():
    assert renderer.kinds() == {kind.value for kind in MessageKind}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_kind_renders_in_every_language(kind, lang):
    context = {"name": "An <Peeters>", "unsubscribe_url": None if kind.transactional else "https://pact.example/u/t", **SAMPLES[kind]}
    message = renderer.render(kind.value, lang, context)
    assert message.subject and "\n" not in message.subject
    assert "An <Peeters>" in message.text and "An &lt;Peeters&gt;" in message.html  # HTML escaped, text not
    assert f'<html lang="{lang}">' in message.html
    assert ("https://pact.example/u/t" in message.text) is (not kind.transactional)


@pytest.mark.parametrize("kind", list(MessageKind))
def test_a_missing_variable_fails_instead_of_rendering_empty(kind):
    context = {"name": "An", "unsubscribe_url": None, **SAMPLES[kind]}
    # Every kind uses the event title, the organisation name or the awards edition somewhere.
    key = next(k for k in ("event_title", "organisation", "edition") if k in context)
    del context[key]
    with pytest.raises(UndefinedError):
        renderer.render(kind.value, "nl", context)


def test_a_language_without_templates_is_refused(tmp_path):
    (tmp_path / "join_link.en.j2").write_text("{% block subject %}x{% endblock %}")
    with pytest.raises(MissingTemplate):
        Renderer(tmp_path).render("join_link", "nl", {})


def test_times_follow_each_language_in_brussels_time():
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Brussels")
    assert format_period(STARTS, ENDS, "nl", tz) == "donderdag 25 november 2021, 13.00–17.00 uur"
    assert format_period(STARTS, ENDS, "fr", tz) == "jeudi 25 novembre 2021, 13:00–17:00"
    assert format_period(STARTS, ENDS, "de", tz) == "Donnerstag, 25. November 2021, 13:00–17:00 Uhr"
    assert format_period(STARTS, ENDS, "en", tz) == "Thursday, 25 November 2021, 13:00–17:00"
    summer = datetime(2022, 6, 30, 7, 30, tzinfo=UTC)  # CEST: UTC+2
    assert format_period(summer, summer.replace(hour=9), "nl", tz) == "donderdag 30 juni 2022, 09.30–11.30 uur"


def test_awards_messages_say_what_happened_in_each_language():
    screened = SAMPLES[MessageKind.NOMINATION_SCREENED]
    refused = renderer.render("nomination_screened", "nl", {"name": "An", "unsubscribe_url": "https://pact.example/u/t", **screened})
    assert refused.subject == "Nominatie niet aanvaard: Fairphone"
    assert "Reden: Hardware makers compete in the products category." in refused.text
    accepted = renderer.render("nomination_screened", "fr", {"name": "An", "unsubscribe_url": "https://pact.example/u/t", **screened,
                                                             "eligible": True, "reason": ""})
    assert accepted.subject == "Nomination acceptée : Fairphone" and "Motif" not in accepted.text
    received = renderer.render("nomination_received", "de", {"name": "An", "unsubscribe_url": None, **SAMPLES[MessageKind.NOMINATION_RECEIVED]})
    assert ("das Sekretariat der Fair ICT Awards hat am Mittwoch, 1. September 2021 die Nominierung von Fairphone erhalten, "
            "eingereicht von Stad Gent.") in received.text  # the edition's name when it is known, else the awards' name
    assert "Het secretariaat van de Fair ICT Awards 2021 heeft de nominatie van Fairphone door Stad Gent gescreend" in refused.text
    invitation = renderer.render("jury_invitation", "de", {"name": "An", "unsubscribe_url": None, **SAMPLES[MessageKind.JURY_INVITATION]})
    assert invitation.subject == "Einladung in die Jury der Fair ICT Awards 2021"
