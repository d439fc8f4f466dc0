"""Commands: what a caller asks the membership service to do (imperative names)."""

from __future__ import annotations

from dataclasses import dataclass, field

from membership.domain.model import Language, OrganisationKind


@dataclass(frozen=True)
class RegisterOrganisation:
    name: str
    kind: OrganisationKind
    country: str
    website: str | None = None
    languages: list[Language] = field(default_factory=lambda: [Language.EN])
