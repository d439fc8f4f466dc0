"""HTTP bodies for signatures.

Who sees what: the secretariat and operators see every field; a member sees all of its
own organisation's signatures, pending ones included. Everybody else (the public, jurors,
other members) sees only verified signatures, and the fields naming platform users
(recorded_by, decided_by, withdrawn_by) and the evidence hash are null for them: the
signatory's name and function are the only personal data published.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from servicekit.inputs import Day, free_text, name, single_line

from membership.domain.documents import DocumentKind
from membership.domain.signatures import REASON_MAX, TEXT_MAX, SignatureStatus
from membership.entrypoints.schemas import PageInfo

Id = single_line(min_length=1, max_length=36)
SignatureText = name(max_length=TEXT_MAX)
Reason = free_text(min_length=1, max_length=REASON_MAX)


class SignatureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"organisation_id": "…", "document_id": "…", "signatory_name": "Jan Janssens",
                      "signatory_function": "Federal Minister for Sustainable Development", "signed_on": "2021-06-14",
                      "signed_place": "Brussels"}]
    })

    organisation_id: Id
    document_id: Id = Field(description="The exact document version signed.")
    signatory_name: SignatureText
    signatory_function: SignatureText
    signed_on: Day
    signed_place: SignatureText
    evidence_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 (hex) of the evidence file.")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class WithdrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason
    withdrawn_on: Day


class SignatureOut(BaseModel):
    id: str
    organisation_id: str
    document_id: str
    document_kind: DocumentKind
    status: SignatureStatus
    signatory_name: str
    signatory_function: str
    signed_on: date
    signed_place: str
    recorded_at: datetime
    decided_at: datetime | None = Field(description="When it was verified or rejected.")
    rejection_reason: str | None
    withdrawn_on: date | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None
    evidence_sha256: str | None = Field(description="Null unless you may see the full record.")
    recorded_by: str | None = Field(description="Token subject of the recording user; null unless you may see the full record.")
    decided_by: str | None = Field(description="Who verified or rejected it; null unless you may see the full record.")
    withdrawn_by: str | None = Field(description="Null unless you may see the full record.")


class SignaturePage(BaseModel):
    items: list[SignatureOut]
    page_info: PageInfo
    total_count: int
