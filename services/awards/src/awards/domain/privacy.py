"""Recognising a person of an erasure request in what awards stores, and redacting them from free text."""

from __future__ import annotations

import re

from contracts.privacy import person_hash

ERASED = "[erased]"


def is_person(value: str | None, email_hash: str, name_hashes: set[str]) -> bool:
    """Does a stored e-mail address or name (or a token subject, which may be either) hash to the person's?"""
    if not value:
        return False
    return person_hash(value, kind="email") == email_hash or person_hash(value, kind="name") in name_hashes


def mentions(text: str | None, values: set[str]) -> bool:
    folded = (text or "").casefold()
    return any(v.casefold() in folded for v in values if v)


def redact(text: str, values: set[str]) -> str:
    """``text`` with every occurrence of ``values`` (any case) replaced by "[erased]"; longer values first."""
    for value in sorted((v for v in values if v), key=len, reverse=True):
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    return text
