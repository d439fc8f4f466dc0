"""Texts in several languages, shared by every type that has them (events' titles, nominations' motivations)."""

from __future__ import annotations

import strawberry

from gateway.types.organisation import Language


@strawberry.type(description="A text in one language.")
class LocalizedText:
    language: Language = strawberry.field(description="The text's language.")
    text: str = strawberry.field(description="The text.")


@strawberry.input(description="A text in one language.")
class LocalizedTextInput:
    language: Language = strawberry.field(description="The text's language.")
    text: str = strawberry.field(description="The text.")


def localized(values: dict[str, str]) -> list[LocalizedText]:
    """A service's ``{"nl": "..."}`` as the schema shows it, in a stable order."""
    return [LocalizedText(language=Language(lang), text=text) for lang, text in sorted(values.items())]
