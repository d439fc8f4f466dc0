"""Bodies of the personal-data routes. The person travels in a POST body, never in a URL or an access log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from servicekit.inputs import free_text, single_line

from membership.domain.privacy import NAMES_MAX, REASON_MAX
from membership.entrypoints.schemas import PageInfo

Email = single_line(min_length=3, max_length=254)
PersonName = single_line(max_length=300)
Reason = free_text(min_length=1, max_length=REASON_MAX)


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email = Field(description="The person's e-mail address (checked for form).")
    names: list[PersonName] = Field(default_factory=list, max_length=NAMES_MAX,
                             description="Names the person was recorded under without an e-mail address: as signatory or group member.")


class ErasureRequestIn(PersonIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"email": "jan.janssens@example.org", "names": ["Jan Janssens"], "reason": "GDPR art. 17 request received 2026-11-20"}]})

    reason: Reason = Field(description="The legal ground. The person's e-mail address and names are replaced by [erased] if quoted.")


class AnswerOut(BaseModel):
    service: str
    erased: dict[str, int] = Field(description="Records erased or pseudonymised, by kind; empty when the service held nothing.")
    completed_at: datetime


class ErasureRequestOut(BaseModel):
    id: str
    status: Literal["pending", "completed"] = Field(description="pending until every service in MEMBERSHIP_PRIVACY_SERVICES answered, then completed.")
    email_hash: str = Field(description="contracts.privacy.person_hash(email, kind='email'): the request stores no e-mail address.")
    name_hashes: list[str]
    reason: str
    requested_by: str
    requested_at: datetime
    completed_at: datetime | None
    answers: list[AnswerOut] = Field(description="Each service's answer, in the order they arrived.")
    awaiting: list[str] = Field(description="Services that have not answered yet.")


class ErasureRequestPage(BaseModel):
    items: list[ErasureRequestOut]
    page_info: PageInfo
    total_count: int


class PersonExport(BaseModel):
    service: str = "membership"
    records: dict[str, list[dict[str, Any]]] = Field(
        description="By kind: contact, signature, support_letter, group_member, erasure_request. Kinds with nothing are left out.")
