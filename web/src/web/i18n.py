"""Four languages: gettext catalogues (locale/<lang>/LC_MESSAGES/messages.po, compiled in memory at start),
the visitor's first guess from Accept-Language, and dates and times in Brussels time in each locale's format."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("en", "nl", "fr", "de")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}  # each in its own language
BABEL_LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE", "de": "de_BE"}
BRUSSELS = ZoneInfo("Europe/Brussels")
LOCALE_DIR = Path(__file__).parent / "locale"


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue; English falls back to the message ids themselves."""
    path = catalogue_path(language)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def best_language(accept_language: str | None) -> str:
    """The first of the visitor's languages (by quality) the site has; English when none."""
    choices = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            choices.append((-quality, index, primary))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Localiser:
    """What a template needs for one language: messages, and dates, times and numbers in Brussels time."""

    language: str

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.language]

    def gettext(self, message: str, **values) -> str:
        text = translations(self.language).gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        text = translations(self.language).ngettext(singular, plural, n)
        return text % {"n": n, **values}

    def date(self, value: str | date | datetime | None, form: str = "long") -> str:
        if value is None:
            return ""
        moment = _parse(value)
        if isinstance(moment, datetime):
            moment = moment.astimezone(BRUSSELS).date()
        return format_date(moment, form, locale=self.locale)

    def time(self, value: str | datetime | None) -> str:
        return "" if value is None else format_time(_parse(value), "short", tzinfo=BRUSSELS, locale=self.locale)

    def datetime(self, value: str | datetime | None) -> str:
        return "" if value is None else f"{self.date(value)}, {self.time(value)}"

    def deadline(self, value: str | datetime | None) -> str:
        """A deadline at midnight reads as the day before ('until 30 November'), else as a date and time."""
        if value is None:
            return ""
        moment = _parse(value).astimezone(BRUSSELS)
        if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
            return self.date(moment - timedelta(seconds=1))
        return self.datetime(moment)

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def country(self, code: str) -> str:
        return Locale.parse(self.locale).territories.get(code.upper(), code)

    def language_name(self, code: str) -> str:
        return Locale.parse(self.locale).languages.get(code.lower(), code)


def _parse(value: str | date | datetime) -> date | datetime:
    if isinstance(value, (date, datetime)):
        return value
    if "T" in value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return date.fromisoformat(value)
