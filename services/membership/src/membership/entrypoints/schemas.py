"""HTTP request and response bodies (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import datetime

from iso3166 import countries_by_alpha2
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from membership.domain.model import NAME_MAX, Language, OrganisationKind


class OrganisationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"name": "Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", "kind": "coordinating", "country": "BE",
                      "website": "https://www.fido.be", "languages": ["nl", "fr"]}]
    })

    name: str = Field(min_length=1, max_length=NAME_MAX, description="Official name of the organisation.")
    kind: OrganisationKind = Field(description="procuring or coordinating (participants sign the pact), supporting (signs a letter of support).")
    country: str = Field(description="ISO 3166-1 alpha-2 country code, e.g. BE.")
    website: HttpUrl | None = None
    languages: list[Language] = Field(default_factory=lambda: [Language.EN], min_length=1, max_length=4,
                                      description="Preferred languages, most preferred first.")

    @field_validator("name")
    @classmethod
    def name_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the name must not be blank")
        return v

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


class PageInfo(BaseModel):
    end_cursor: str | None = Field(description="Pass as `after` to get the next page.")
    has_next_page: bool


class OrganisationPage(BaseModel):
    items: list[OrganisationOut]
    page_info: PageInfo
    total_count: int
