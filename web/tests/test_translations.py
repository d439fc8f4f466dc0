"""Four complete catalogues, and dates and times in Brussels time in each locale's own format."""

from __future__ import annotations

from web.i18n import Localiser, best_language, translations
from web.translations import extract, problems


def test_every_message_is_translated_in_every_catalogue():
    assert len([m for m in extract() if m.id]) > 100
    assert problems() == []


def test_a_new_message_in_a_template_is_reported_missing(monkeypatch):
    import web.translations as module

    real = module.extract

    def with_a_new_message():
        catalogue = real()
        catalogue.add("A sentence nobody translated yet")
        return catalogue

    monkeypatch.setattr(module, "extract", with_a_new_message)
    assert {p.split(":")[0] for p in module.problems()} == {"en", "nl", "fr", "de"}


def test_times_are_in_brussels_time_in_the_locales_format():
    start = "2021-12-02T12:00:00+00:00"  # 13:00 in Brussels (winter time)
    assert Localiser("nl").time(start) == "13:00"
    assert Localiser("nl").date(start, "full") == "donderdag 2 december 2021"
    assert Localiser("fr").date(start, "full") == "jeudi 2 décembre 2021"
    assert Localiser("de").date(start, "full") == "Donnerstag, 2. Dezember 2021"
    assert Localiser("en").datetime("2021-06-14T22:30:00Z") == "15 June 2021, 00:30"  # summer time: +2
    assert Localiser("nl").deadline("2021-11-30T23:00:00Z") == "30 november 2021"  # midnight in Brussels: the day before


def test_the_catalogues_translate_with_plurals():
    assert translations("nl").gettext("Registration is closed.") == "De inschrijvingen zijn afgesloten."
    assert Localiser("de").ngettext("%(n)s event", "%(n)s events", 1) == "1 Veranstaltung"
    assert Localiser("fr").ngettext("%(n)s event", "%(n)s events", 3) == "3 événements"


def test_accept_language_picks_the_first_language_the_site_has():
    assert best_language("nl-BE,nl;q=0.9,en;q=0.8") == "nl"
    assert best_language("es-ES, fr;q=0.5, de;q=0.7") == "de"
    assert best_language("es, it") == "en"
    assert best_language(None) == "en"
    assert best_language("de;q=0, fr") == "fr"
