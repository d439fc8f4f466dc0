"""Organisations of the pact as the schema shows them, and how they map to membership's API."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

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


@strawberry.type(description="An organisation registered with the pact: a participant or a supporter.")
class Organisation:
    id: strawberry.ID = strawberry.field(description="Stable id of the organisation.")
    name: str = strawberry.field(description="Official name of the organisation.")
    kind: OrganisationKind = strawberry.field(description="The part it plays in the pact.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code of its country, e.g. BE.")
    website: str | None = strawberry.field(description="Its website, if known.")
    languages: list[Language] = strawberry.field(description="Languages it prefers to be written to in, most preferred first.")
    registered_at: datetime = strawberry.field(description="When it was registered (UTC).")
    member: bool = strawberry.field(description="Whether it is a member: it has a verified signature that is not withdrawn.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Organisation:
        return cls(
            id=strawberry.ID(data["id"]),
            name=data["name"],
            kind=OrganisationKind(data["kind"]),
            country=data["country"],
            website=data.get("website"),
            languages=[Language(language) for language in data["languages"]],
            registered_at=datetime.fromisoformat(data["registered_at"]),
            member=bool(data["member"]),
        )


@strawberry.input(description="An organisation to register. The membership service checks every field.")
class RegisterOrganisationInput:
    name: str = strawberry.field(description="Official name; unique in the register, ignoring case.")
    kind: OrganisationKind = strawberry.field(description="The part it plays in the pact.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code, e.g. BE.")
    website: str | None = strawberry.field(default=None, description="Its website, as https://example.org.")
    languages: list[Language] = strawberry.field(
        default_factory=lambda: [Language.EN], description="Preferred languages, most preferred first."
    )

    def to_upstream(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "country": self.country,
            "website": self.website,
            "languages": [language.value for language in self.languages],
        }


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
