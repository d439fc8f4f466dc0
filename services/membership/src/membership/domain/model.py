"""Organisations of the pact. Plain Python: no framework, no database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum
from typing import Callable
from urllib.parse import urlsplit

from iso3166 import countries_by_alpha2

from membership.domain.contacts import Contact, check_contacts
from membership.domain.errors import InvalidOrganisation, OrganisationIsArchived


class OrganisationKind(str, Enum):
    PROCURING = "procuring"  # participant: buys ICT (public or private)
    COORDINATING = "coordinating"  # participant: national, regional or local government
    SUPPORTING = "supporting"  # signs a letter of support, not the pact


class Language(str, Enum):
    EN = "en"
    NL = "nl"
    FR = "fr"
    DE = "de"


class OrganisationSubkind(str, Enum):
    PUBLIC = "public"
    PRIVATE = "private"
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    NGO = "ngo"
    CERTIFICATION_BODY = "certification_body"
    MONITORING_BODY = "monitoring_body"
    KNOWLEDGE_INSTITUTE = "knowledge_institute"
    SUPPLIER = "supplier"
    OTHER = "other"


S = OrganisationSubkind
SUBKINDS = {
    OrganisationKind.PROCURING: (S.PUBLIC, S.PRIVATE),
    OrganisationKind.COORDINATING: (S.NATIONAL, S.REGIONAL, S.LOCAL),
    OrganisationKind.SUPPORTING: (S.NGO, S.CERTIFICATION_BODY, S.MONITORING_BODY, S.KNOWLEDGE_INSTITUTE, S.SUPPLIER, S.OTHER),
}

NAME_MAX = 200
# What a member may change of its own organisation; everything else is the secretariat's.
MEMBER_EDITABLE = frozenset({"website", "names", "languages", "contacts"})
EDITABLE = MEMBER_EDITABLE | {"name", "kind", "subkind", "country"}


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


def _check_subkind(kind: OrganisationKind, subkind: OrganisationSubkind | None) -> OrganisationSubkind | None:
    if subkind is None:
        return None
    subkind = OrganisationSubkind(subkind)
    if subkind not in SUBKINDS[kind]:
        allowed = ", ".join(s.value for s in SUBKINDS[kind])
        raise InvalidOrganisation("subkind", f"A {kind.value} organisation is one of {allowed}, not {subkind.value}.")
    return subkind


def _check_names(names: dict) -> dict[Language, str]:
    checked = {}
    for language, name in (names or {}).items():
        try:
            language = Language(language)
        except ValueError:
            raise InvalidOrganisation("names", f"{language!r} is not a language (en, nl, fr or de).") from None
        try:
            checked[language] = _check_name(name)
        except InvalidOrganisation as exc:
            raise InvalidOrganisation(f"names.{language.value}", exc.message) from None
    return checked


@dataclass
class Organisation:
    id: str
    name: str
    kind: OrganisationKind
    country: str
    website: str | None
    languages: list[Language]
    registered_at: datetime
    subkind: OrganisationSubkind | None = None
    names: dict[Language, str] = field(default_factory=dict)  # the name in other languages, where known
    contacts: list[Contact] = field(default_factory=list)
    archived_at: datetime | None = None
    archived_by: str | None = None
    archive_reason: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None
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
        subkind: OrganisationSubkind | None = None,
        names: dict | None = None,
        contacts: list[Contact] = (),
        id: str | None = None,
        now: datetime | None = None,
    ) -> "Organisation":
        now = now or datetime.now(UTC)
        kind = OrganisationKind(kind)
        return cls(
            id=id or str(uuid.uuid4()),
            name=_check_name(name),
            kind=kind,
            country=_check_country(country),
            website=_check_website(website),
            languages=_check_languages(languages),
            registered_at=now,
            subkind=_check_subkind(kind, subkind),
            names=_check_names(names or {}),
            contacts=check_contacts(list(contacts), {l.value for l in Language}, now.date()),
        )

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def update(self, changes: dict, by: str, now: datetime | None = None) -> None:
        """Apply a partial change (only the keys given); every field is checked as at registration."""
        if self.archived:
            raise OrganisationIsArchived(self.name)
        unknown = set(changes) - EDITABLE
        if unknown:
            raise InvalidOrganisation(sorted(unknown)[0], "This field cannot be changed.")
        now = now or datetime.now(UTC)
        merged = {k: getattr(self, k) for k in EDITABLE} | changes
        kind = OrganisationKind(merged["kind"])
        checked = replace(
            self,
            name=_check_name(merged["name"]),
            kind=kind,
            subkind=_check_subkind(kind, merged["subkind"]),
            country=_check_country(merged["country"]),
            website=_check_website(merged["website"]),
            languages=_check_languages(merged["languages"]),
            names=_check_names(merged["names"]),
            contacts=check_contacts(list(merged["contacts"]), {l.value for l in Language}, now.date()),
        )
        self.__dict__.update({k: getattr(checked, k) for k in EDITABLE})
        self.updated_at, self.updated_by = now, by

    def forget_contacts(self, is_person: Callable[[Contact], bool], by: str, now: datetime | None = None) -> list[Contact]:
        """Remove the contacts of an erased person. Erasure is a legal duty, not an edit: archived organisations too."""
        removed = [c for c in self.contacts if is_person(c)]
        if removed:
            self.contacts = [c for c in self.contacts if not is_person(c)]
            self.updated_at, self.updated_by = now or datetime.now(UTC), by
        return removed

    def archive(self, by: str, reason: str, now: datetime | None = None) -> None:
        if self.archived:
            raise OrganisationIsArchived(self.name)
        reason = " ".join(reason.split())
        if not reason or len(reason) > 2000:
            raise InvalidOrganisation("reason", "Give a reason of 1 to 2000 characters.")
        self.archived_at, self.archived_by, self.archive_reason = now or datetime.now(UTC), by, reason

    @property
    def signs(self) -> str:
        """Which document this organisation signs: participants the pact, supporters a letter of support."""
        return "letter_of_support" if self.kind is OrganisationKind.SUPPORTING else "pact"
