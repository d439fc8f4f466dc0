"""Messages from Jinja2 templates: one file per kind and language with ``subject``, ``text`` and ``html`` blocks.

Each file is compiled by two sandboxed environments: the HTML block is rendered with
autoescaping on, the subject and plain text with it off. Both are strict: a variable
missing from the context is an error, never an empty string. Dates and times are
formatted per locale with Babel, in the event's time zone (Europe/Brussels).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from notifications.domain.model import LANGUAGES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BRUSSELS = "Europe/Brussels"

# Babel (CLDR) locales per language. Dutch keeps the Taalunie's "13.00 uur" (CLDR gives 13:00),
# which is how the pact's own Dutch pages write times; German adds "Uhr".
_LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE", "de": "de_BE"}
_TIME_PATTERNS = {"nl": "HH.mm"}
_TIME_SUFFIXES = {"nl": " uur", "de": " Uhr"}


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def _zone(ctx) -> ZoneInfo:
    return ZoneInfo(ctx.get("timezone") or BRUSSELS)


def format_day(value: date | datetime, lang: str, tz: ZoneInfo) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(tz).date()
    return format_date(value, "full", locale=_LOCALES[lang])


def _clock(value: datetime, lang: str, tz: ZoneInfo) -> str:
    return format_time(value.astimezone(tz), _TIME_PATTERNS.get(lang, "short"), locale=_LOCALES[lang])


def format_period(starts: datetime, ends: datetime, lang: str, tz: ZoneInfo) -> str:
    """``donderdag 25 november 2021, 13.00–17.00 uur``; both dates when it spans several days."""
    suffix = _TIME_SUFFIXES.get(lang, "")
    if starts.astimezone(tz).date() == ends.astimezone(tz).date():
        return f"{format_day(starts, lang, tz)}, {_clock(starts, lang, tz)}–{_clock(ends, lang, tz)}{suffix}"
    return f"{format_day(starts, lang, tz)}, {_clock(starts, lang, tz)}{suffix} – {format_day(ends, lang, tz)}, {_clock(ends, lang, tz)}{suffix}"


@pass_context
def _day_filter(ctx, value):
    return format_day(value, ctx["lang"], _zone(ctx))


@pass_context
def _time_filter(ctx, value):
    return _clock(value, ctx["lang"], _zone(ctx)) + _TIME_SUFFIXES.get(ctx["lang"], "")


@pass_context
def _period(ctx, starts, ends):
    return format_period(starts, ends, ctx["lang"], _zone(ctx))


def _environment(directory: Path, autoescape: bool) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(directory), undefined=StrictUndefined, autoescape=autoescape, trim_blocks=True, lstrip_blocks=True
    )
    env.filters.update(day=_day_filter, time=_time_filter)
    env.globals.update(period=_period)
    return env


class MissingTemplate(LookupError):
    pass


class Renderer:
    def __init__(self, directory: Path = TEMPLATES):
        self.directory = directory
        self._plain = _environment(directory, autoescape=False)
        self._html = _environment(directory, autoescape=True)

    def kinds(self) -> set[str]:
        return {p.name.split(".")[0] for p in self.directory.glob("*.j2") if not p.name.startswith("_")}

    def render(self, kind: str, lang: str, context: dict) -> RenderedMessage:
        if lang not in LANGUAGES:
            raise MissingTemplate(f"no language {lang!r}")
        name = f"{kind}.{lang}.j2"
        if not (self.directory / name).is_file():
            raise MissingTemplate(f"no template {name}")
        values = {**context, "lang": lang}
        subject = " ".join(self._block(self._plain, name, "subject", values).split())
        text = self._block(self._plain, name, "text", values).strip() + "\n"
        body = Markup(self._block(self._html, name, "html", values).strip())
        footer_text = self._block(self._plain, f"_footer.{lang}.j2", "text", values).strip()
        footer_html = Markup(self._block(self._html, f"_footer.{lang}.j2", "html", values).strip())
        html = self._html.get_template("_layout.j2").render(lang=lang, subject=subject, body=body, footer=footer_html)
        return RenderedMessage(subject=subject, text=f"{text}\n-- \n{footer_text}\n", html=html)

    @staticmethod
    def _block(env: ImmutableSandboxedEnvironment, name: str, block: str, values: dict) -> str:
        template = env.get_template(name)
        if block not in template.blocks:
            raise MissingTemplate(f"{name} has no block {block!r}")
        return "".join(template.blocks[block](template.new_context(values)))
