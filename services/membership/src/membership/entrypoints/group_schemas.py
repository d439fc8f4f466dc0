"""HTTP bodies for groups. A person member's name is personal data: null for the public."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from servicekit.inputs import Day, free_text, name, single_line

from membership.domain.groups import DESCRIPTION_MAX, NAME_MAX, GroupKind

GroupName = name(max_length=NAME_MAX)
OrganisationId = single_line(max_length=36)
CoordinatorId = single_line(min_length=1, max_length=36)
PersonName = single_line(max_length=NAME_MAX)
CountryCode = single_line(min_length=2, max_length=2)
Description = free_text(max_length=DESCRIPTION_MAX)


class GroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Belgian buyer group", "kind": "buyer_group", "coordinator_organisation_id": "…", "country": "BE",
         "description": "More than 75 public buyers, coordinated by FIDO."}]})

    name: GroupName
    kind: GroupKind
    coordinator_organisation_id: CoordinatorId = Field(description="The organisation that coordinates the group.")
    country: CountryCode | None = Field(default=None, description="For a national group; null for an international one.")
    founded_on: Day | None = None
    description: Description | None = None


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: OrganisationId | None = Field(default=None, description="An organisation joins ...")
    person_name: PersonName | None = Field(default=None, description="... or a person (give one of the two).")
    person_organisation_id: OrganisationId | None = Field(default=None, description="The person's organisation, if known.")
    joined_on: Day


class RemoveMemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    left_on: Day


class MemberOut(BaseModel):
    id: str
    organisation_id: str | None
    person_name: str | None = Field(description="Null for an organisation, and for the public (personal data).")
    person_organisation_id: str | None
    is_person: bool
    joined_on: date
    left_on: date | None
    added_at: datetime
    removed_at: datetime | None


class GroupOut(BaseModel):
    id: str
    name: str
    kind: GroupKind
    coordinator_organisation_id: str
    country: str | None
    founded_on: date | None
    description: str | None
    created_at: datetime
    member_count: int = Field(description="Current members (organisations and persons).")
    members: list[MemberOut] = Field(description="Current members, or every member ever with include_former=true.")


class GroupList(BaseModel):
    items: list[GroupOut]
