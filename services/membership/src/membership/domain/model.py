"""Organisations of the pact. Plain Python: no framework, no database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from urllib.parse import urlsplit

from iso3166 import countries_by_alpha2

from membership.domain.errors import InvalidOrganisation


class OrganisationKind(str, Enum):
    PROCURING = "procuring"  # participant: buys ICT (public or private)
    COORDINATING = "coordinating"  # participant: national, regional or local government
    SUPPORTING = "supporting"  # signs a letter of support, not the pact


class Language(str, Enum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


NAME_MAX = 200


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidOrganisation("name", "The name must not be empty.")
    if len(name) > NAME_MAX:
        raise InvalidOrganisation("name", f"The name must be at most {NAME_MAX} characters.")
    return name


def _check_country(country: str) -> str:
    code = country.strip().upper()
    if code not in countries_by_alpha2:
        raise InvalidOrganisation("country", f"{country!r} is not an ISO 3166-1 alpha-2 country code (for example BE, NL, DE).")
    return code


def _check_website(website: str | None) -> str | None:
    if website is None or not website.strip():
        return None
    parts = urlsplit(website.strip())
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in website.strip():
        raise InvalidOrganisation("website", f"{website!r} is not a web address; give it as https://example.org.")
    return website.strip()


def _check_languages(languages: list[Language]) -> list[Language]:
    if not languages:
        raise InvalidOrganisation("languages", "Give at least one preferred language (en, nl, fr or de).")
    unique = list(dict.fromkeys(Language(l) for l in languages))
    return unique


@dataclass
class Organisation:
    id: str
    name: str
    kind: OrganisationKind
    country: str
    website: str | None
    languages: list[Language]
    registered_at: datetime
    version: int = field(default=1)
    member: bool = False  # derived: has a verified signature that is not withdrawn

    @classmethod
    def register(
        cls,
        *,
        name: str,
        kind: OrganisationKind,
        country: str,
        website: str | None,
        languages: list[Language],
        id: str | None = None,
        now: datetime | None = None,
    ) -> "Organisation":
        return cls(
            id=id or str(uuid.uuid4()),
            name=_check_name(name),
            kind=OrganisationKind(kind),
            country=_check_country(country),
            website=_check_website(website),
            languages=_check_languages(languages),
            registered_at=now or datetime.now(UTC),
        )

    @property
    def signs(self) -> str:
        """Which document this organisation signs: participants the pact, supporters a letter of support."""
        return "letter_of_support" if self.kind is OrganisationKind.SUPPORTING else "pact"
