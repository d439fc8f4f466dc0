"""Keeping the catalogues complete: ``python -m web translations update`` adds new messages to every
catalogue (English filled in, the others left empty for a translator) and drops unused ones;
``python -m web translations check`` (and web/tests/test_translations.py) fails on a missing or empty one."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from web.i18n import LANGUAGES, catalogue_path

PACKAGE = Path(__file__).parent
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}


def extract() -> Catalog:
    """Every message the site shows, from its templates and its Python modules."""
    catalogue = Catalog(project="pact-web", domain="messages")
    for filename, lineno, message, comments, context in extract_from_dir(PACKAGE, METHODS, OPTIONS):
        catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def problems() -> list[str]:
    """Messages missing from a catalogue, left untranslated, or no longer used."""
    source = extract()
    found = []
    for language in LANGUAGES:
        if not catalogue_path(language).exists():
            found.append(f"{language}: no catalogue at {catalogue_path(language)}")
            continue
        catalogue = read(language)
        for message in source:
            if not message.id:
                continue
            translated = catalogue.get(message.id)
            if translated is None:
                found.append(f"{language}: missing {message.id!r}")
            elif not translated.string or (isinstance(translated.string, tuple) and not all(translated.string)):
                found.append(f"{language}: untranslated {message.id!r}")
            elif translated.fuzzy:
                found.append(f"{language}: fuzzy {message.id!r}")
        used = {m.id for m in source if m.id}
        found += [f"{language}: unused {m.id!r}" for m in catalogue if m.id and m.id not in used]
    return found


def update() -> None:
    source = extract()
    for language in LANGUAGES:
        path = catalogue_path(language)
        old = read(language) if path.exists() else Catalog(locale=language)
        new = Catalog(locale=language, project="pact-web", domain="messages")
        for message in source:
            if not message.id:
                continue
            kept = old.get(message.id)
            string = kept.string if kept is not None and kept.string else (message.id if language == "en" else ("", "") if message.pluralizable else "")
            new.add(message.id, string, message.locations)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, new, width=0, omit_header=False, sort_output=False, include_lineno=False)
