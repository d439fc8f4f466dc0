"""Erasure requests: a person's data erased on their request in every service (membership keeps the request)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from gateway.types.pagination import PageInfo


@strawberry.enum(description="Whether every service has carried out an erasure request.")
class ErasureStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Some services have not answered yet (see `awaiting`).")
    COMPLETED = strawberry.enum_value("completed", description="Every service has erased what it held of the person.")


@strawberry.type(description="One service's answer to an erasure request.")
class ErasureAnswer:
    service: str = strawberry.field(description="membership, events, awards or notifications.")
    erased: JSON = strawberry.field(description="Records erased or pseudonymised, by kind (e.g. {\"registration\": 2}); empty when it held nothing.")
    completed_at: datetime = strawberry.field(description="When the service had erased them (UTC).")


@strawberry.type(description="A person's data erased on their request. The request keeps only hashes of the e-mail address and names.")
class ErasureRequest:
    id: strawberry.ID = strawberry.field(description="Stable id of the request.")
    status: ErasureStatus = strawberry.field(description="Pending until every service answered.")
    reason: str = strawberry.field(description="Why (the person's request, its reference); the person's own name or address in it is blanked.")
    requested_by: str = strawberry.field(description="Who filed it (token subject).")
    requested_at: datetime = strawberry.field(description="When it was filed (UTC).")
    completed_at: datetime | None = strawberry.field(description="When the last service answered (UTC); null while pending.")
    answers: list[ErasureAnswer] = strawberry.field(description="Each service's answer, in the order they arrived.")
    awaiting: list[str] = strawberry.field(description="Services that have not answered yet.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> ErasureRequest:
        return cls(
            id=strawberry.ID(data["id"]), status=ErasureStatus(data["status"]), reason=data["reason"], requested_by=data["requested_by"],
            requested_at=datetime.fromisoformat(data["requested_at"]),
            completed_at=datetime.fromisoformat(data["completed_at"]) if data.get("completed_at") else None,
            answers=[ErasureAnswer(service=a["service"], erased=a["erased"], completed_at=datetime.fromisoformat(a["completed_at"])) for a in data["answers"]],
            awaiting=list(data["awaiting"]),
        )


@strawberry.type(description="An erasure request in a page, with its cursor.")
class ErasureRequestEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this request.")
    node: ErasureRequest = strawberry.field(description="The request.")


@strawberry.type(description="A page of erasure requests, oldest first (Relay connection).")
class ErasureRequestConnection:
    edges: list[ErasureRequestEdge] = strawberry.field(description="The requests of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many requests there are.")

    @strawberry.field(description="The requests of this page, without cursors.")
    def nodes(self) -> list[ErasureRequest]:
        return [edge.node for edge in self.edges]


@strawberry.input(description="Whom to erase: the person's e-mail address, and the names they were recorded under without one.")
class PersonErasureInput:
    email: str = strawberry.field(description="The person's e-mail address.")
    names: list[str] = strawberry.field(default_factory=list, description="Names recorded without an e-mail address (signatory, group member, speaker).")
    reason: str = strawberry.field(description="Why: the person's request and its reference.")
