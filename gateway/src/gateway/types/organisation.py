"""Organisations of the pact as the schema shows them, and how they map to membership's API."""

from __future__ import annotations

from collections.abc import Iterable

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from gateway.types.pagination import PageInfo


@strawberry.enum(description="The part an organisation plays in the pact; it decides which document it signs.")
class OrganisationKind(Enum):
    PROCURING = strawberry.enum_value("procuring", description="Buys ICT (public or private); a participant that signs the pact.")
    COORDINATING = strawberry.enum_value(
        "coordinating", description="A national, regional or local government; a participant that signs the pact."
    )
    SUPPORTING = strawberry.enum_value(
        "supporting",
        description="An NGO, certification or labelling body, knowledge institute, supplier or manufacturer; signs a letter of support.",
    )


@strawberry.enum(description="A language the platform writes to people in.")
class Language(Enum):
    EN = strawberry.enum_value("en", description="English.")
    NL = strawberry.enum_value("nl", description="Dutch.")
    FR = strawberry.enum_value("fr", description="French.")
    DE = strawberry.enum_value("de", description="German.")


@strawberry.enum(description="The finer kind of organisation; which ones fit depends on its kind.")
class OrganisationSubkind(Enum):
    PUBLIC = strawberry.enum_value("public", description="Procuring: a public buyer.")
    PRIVATE = strawberry.enum_value("private", description="Procuring: a private buyer.")
    NATIONAL = strawberry.enum_value("national", description="Coordinating: a national government.")
    REGIONAL = strawberry.enum_value("regional", description="Coordinating: a regional government.")
    LOCAL = strawberry.enum_value("local", description="Coordinating: a local government.")
    NGO = strawberry.enum_value("ngo", description="Supporting: a non-governmental organisation.")
    CERTIFICATION_BODY = strawberry.enum_value("certification_body", description="Supporting: a certification or labelling body.")
    MONITORING_BODY = strawberry.enum_value("monitoring_body", description="Supporting: a monitoring body.")
    KNOWLEDGE_INSTITUTE = strawberry.enum_value("knowledge_institute", description="Supporting: a knowledge institute.")
    SUPPLIER = strawberry.enum_value("supplier", description="Supporting: a supplier or manufacturer.")
    OTHER = strawberry.enum_value("other", description="Supporting: another kind of supporter.")


@strawberry.type(description="The organisation's name in one language.")
class LocalizedName:
    language: Language = strawberry.field(description="The language of this name.")
    name: str = strawberry.field(description="The name in that language.")


@strawberry.type(description="A person the secretariat writes to for the organisation. Personal data: never shown to the public.")
class Contact:
    name: str = strawberry.field(description="The person's name.")
    email: str = strawberry.field(description="Their e-mail address.")
    language: Language = strawberry.field(description="The language they prefer to be written to in.")
    consent_on: date | None = strawberry.field(description="When they agreed to be written to.")
    role: str | None = strawberry.field(description='Their role, e.g. "pact contact".')

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Contact:
        consent = data.get("consent_on")
        return cls(name=data["name"], email=data["email"], language=Language(data["language"]),
                   consent_on=date.fromisoformat(consent) if consent else None, role=data.get("role"))


@strawberry.type(description="An organisation registered with the pact: a participant or a supporter.")
class Organisation(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Official name of the organisation.")
    kind: OrganisationKind = strawberry.field(description="The part it plays in the pact.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code of its country, e.g. BE.")
    website: str | None = strawberry.field(description="Its website, if known.")
    languages: list[Language] = strawberry.field(description="Languages it prefers to be written to in, most preferred first.")
    registered_at: datetime = strawberry.field(description="When it was registered (UTC).")
    member: bool = strawberry.field(description="Whether it is a member: it has a verified signature that is not withdrawn.")
    subkind: OrganisationSubkind | None = strawberry.field(description="The finer kind, when known.")
    names: list[LocalizedName] = strawberry.field(description="Its name in other languages (English, Dutch, French, German), where known.")
    contacts: list[Contact] | None = strawberry.field(
        description="The people the secretariat writes to. Null unless you are the secretariat, an operator or a member of this organisation."
    )
    archived: bool = strawberry.field(description="Archived organisations are no longer listed by default and cannot sign.")
    archived_at: datetime | None = strawberry.field(description="When it was archived (UTC); null unless archived.")

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False) -> list[Organisation | None]:
        """``node(id)``: through the request's loader, so any number of ids is one call."""
        return await info.context.loaders.organisation_by_id.load_many(list(node_ids))

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Organisation:
        return cls(
            id=data["id"],
            name=data["name"],
            kind=OrganisationKind(data["kind"]),
            country=data["country"],
            website=data.get("website"),
            languages=[Language(language) for language in data["languages"]],
            registered_at=datetime.fromisoformat(data["registered_at"]),
            member=bool(data["member"]),
            subkind=OrganisationSubkind(data["subkind"]) if data.get("subkind") else None,
            names=[LocalizedName(language=Language(language), name=name) for language, name in (data.get("names") or {}).items()],
            contacts=None if data.get("contacts") is None else [Contact.from_upstream(c) for c in data["contacts"]],
            archived=bool(data.get("archived")),
            archived_at=datetime.fromisoformat(data["archived_at"]) if data.get("archived_at") else None,
        )


@strawberry.input(description="The organisation's name in one language.")
class LocalizedNameInput:
    language: Language = strawberry.field(description="The language of this name.")
    name: str = strawberry.field(description="The name in that language.")


@strawberry.input(description="A person the secretariat may write to for the organisation.")
class ContactInput:
    name: str = strawberry.field(description="The person's name.")
    email: str = strawberry.field(description="Their e-mail address, as name@example.org.")
    language: Language = strawberry.field(description="The language they prefer to be written to in.")
    consent_on: date | None = strawberry.field(default=None, description="When they agreed to be written to.")
    role: str | None = strawberry.field(default=None, description='Their role, e.g. "pact contact".')

    def to_upstream(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "language": self.language.value,
                "consent_on": self.consent_on.isoformat() if self.consent_on else None, "role": self.role}


def _names(names: list[LocalizedNameInput]) -> dict[str, str]:
    return {n.language.value: n.name for n in names}


@strawberry.input(description="An organisation to register. The membership service checks every field.")
class RegisterOrganisationInput:
    name: str = strawberry.field(description="Official name; unique in the register, ignoring case.")
    kind: OrganisationKind = strawberry.field(description="The part it plays in the pact.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code, e.g. BE.")
    website: str | None = strawberry.field(default=None, description="Its website, as https://example.org.")
    languages: list[Language] = strawberry.field(
        default_factory=lambda: [Language.EN], description="Preferred languages, most preferred first."
    )
    subkind: OrganisationSubkind | None = strawberry.field(default=None, description="The finer kind; it must fit the kind.")
    names: list[LocalizedNameInput] = strawberry.field(default_factory=list, description="Its name in other languages, where known.")
    contacts: list[ContactInput] = strawberry.field(default_factory=list, description="People the secretariat writes to. Never public.")

    def to_upstream(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "country": self.country,
            "website": self.website,
            "languages": [language.value for language in self.languages],
            "subkind": self.subkind.value if self.subkind else None,
            "names": _names(self.names),
            "contacts": [c.to_upstream() for c in self.contacts],
        }


@strawberry.input(
    description="Changes to an organisation: only the fields given change. A member may change its own organisation's "
    "website, names, languages and contacts; everything else is the secretariat's."
)
class UpdateOrganisationInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New official name.")
    kind: OrganisationKind | None = strawberry.field(default=strawberry.UNSET, description="New kind (give a fitting subkind with it).")
    subkind: OrganisationSubkind | None = strawberry.field(default=strawberry.UNSET, description="New finer kind; null clears it.")
    country: str | None = strawberry.field(default=strawberry.UNSET, description="New ISO 3166-1 alpha-2 country code.")
    website: str | None = strawberry.field(default=strawberry.UNSET, description="New website; null clears it.")
    languages: list[Language] | None = strawberry.field(default=strawberry.UNSET, description="New preferred languages.")
    names: list[LocalizedNameInput] | None = strawberry.field(default=strawberry.UNSET, description="Replaces the names in other languages.")
    contacts: list[ContactInput] | None = strawberry.field(default=strawberry.UNSET, description="Replaces the contacts.")

    def to_upstream(self) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name in ("name", "country", "website"):
            if getattr(self, name) is not strawberry.UNSET:
                changes[name] = getattr(self, name)
        for name in ("kind", "subkind"):
            value = getattr(self, name)
            if value is not strawberry.UNSET:
                changes[name] = value.value if value else None
        if self.languages is not strawberry.UNSET:
            changes["languages"] = [language.value for language in self.languages] if self.languages is not None else None
        if self.names is not strawberry.UNSET:
            changes["names"] = _names(self.names or [])
        if self.contacts is not strawberry.UNSET:
            changes["contacts"] = [c.to_upstream() for c in self.contacts or []]
        return changes


@strawberry.type(description="An organisation in a page of organisations, with the cursor that points just after it.")
class OrganisationEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this organisation.")
    node: Organisation = strawberry.field(description="The organisation.")


@strawberry.type(description="A page of organisations in name order (Relay connection).")
class OrganisationConnection:
    edges: list[OrganisationEdge] = strawberry.field(description="The organisations of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many organisations match the filters, over all pages.")

    @strawberry.field(description="The organisations of this page, without cursors.")
    def nodes(self) -> list[Organisation]:
        return [edge.node for edge in self.edges]
