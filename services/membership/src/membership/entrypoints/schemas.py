"""HTTP request and response bodies (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import date, datetime

from iso3166 import countries_by_alpha2
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator
from servicekit.inputs import Day, Key, Name, free_text, name, single_line

from membership.domain.model import NAME_MAX, Language, OrganisationKind, OrganisationSubkind

OrganisationName = name(max_length=NAME_MAX)
Email = single_line(min_length=3, max_length=254)
Role = single_line(max_length=200)
CountryCode = single_line(min_length=2, max_length=2)
Reason = free_text(min_length=1, max_length=2000)


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(description="The person's name.")
    email: Email = Field(description="Their e-mail address; checked for form, not deliverability.")
    language: Language = Field(description="The language they prefer to be written to in.")
    consent_on: Day | None = Field(default=None, description="When they agreed to be written to.")
    role: Role | None = Field(default=None, description='e.g. "pact contact", "procurement officer".')


class ContactOut(BaseModel):
    name: str
    email: str
    language: Language
    consent_on: date | None = None
    role: str | None = None


SUBKIND_HELP = ("procuring: public|private; coordinating: national|regional|local; supporting: ngo|certification_body|"
                "monitoring_body|knowledge_institute|supplier|other.")


class OrganisationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"name": "Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", "kind": "coordinating", "country": "BE",
                      "website": "https://www.fido.be", "languages": ["nl", "fr"]}]
    })

    name: OrganisationName = Field(description="Official name of the organisation.")
    kind: OrganisationKind = Field(description="procuring or coordinating (participants sign the pact), supporting (signs a letter of support).")
    country: Key = Field(description="ISO 3166-1 alpha-2 country code, e.g. BE.")
    website: HttpUrl | None = None
    languages: list[Language] = Field(default_factory=lambda: [Language.EN], min_length=1, max_length=4,
                                      description="Preferred languages, most preferred first.")
    subkind: OrganisationSubkind | None = Field(default=None, description=SUBKIND_HELP)
    names: dict[Language, OrganisationName] = Field(default_factory=dict,
                                                    description="The name in other languages (en, nl, fr, de), where known.")
    contacts: list[ContactIn] = Field(default_factory=list, max_length=20, description="People the secretariat writes to. Never public.")

    @field_validator("country")
    @classmethod
    def known_country(cls, v: str) -> str:
        if v.strip().upper() not in countries_by_alpha2:
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 country code (for example BE, NL, DE)")
        return v.strip().upper()


class OrganisationOut(BaseModel):
    id: str
    name: str
    kind: OrganisationKind
    country: str
    website: str | None
    languages: list[Language]
    registered_at: datetime
    member: bool = Field(description="Derived: the organisation has a verified signature that is not withdrawn.")
    subkind: OrganisationSubkind | None
    names: dict[Language, str] = Field(description="The name in other languages, where known.")
    contacts: list[ContactOut] | None = Field(description="Null unless you are the secretariat, an operator or a member of this organisation.")
    archived: bool
    archived_at: datetime | None
    archive_reason: str | None
    updated_at: datetime | None


class OrganisationPatch(BaseModel):
    """Only the fields sent change. A member may send website, names, languages and contacts for its own organisation."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"website": "https://www.fido.be", "names": {"fr": "IFDD"}}]})

    name: OrganisationName | None = None
    kind: OrganisationKind | None = None
    subkind: OrganisationSubkind | None = Field(default=None, description=SUBKIND_HELP)
    country: CountryCode | None = None
    website: HttpUrl | None = None
    languages: list[Language] | None = Field(default=None, min_length=1, max_length=4)
    names: dict[Language, OrganisationName] | None = None
    contacts: list[ContactIn] | None = Field(default=None, max_length=20)


class ArchiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = Field(description="Why the organisation is archived (kept in its history).")


class PageInfo(BaseModel):
    end_cursor: str | None = Field(description="Pass as `after` to get the next page.")
    has_next_page: bool


class OrganisationPage(BaseModel):
    items: list[OrganisationOut]
    page_info: PageInfo
    total_count: int
