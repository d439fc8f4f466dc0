"""``node`` and ``nodes``: any object that implements Node, fetched again by its global id (Relay)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.node import decode
from gateway.types.award_edition import Edition
from gateway.types.award_nomination import Nomination
from gateway.types.event import Event
from gateway.types.group import Group
from gateway.types.organisation import Organisation
from gateway.types.registration import Registration
from gateway.types.signature import Signature, SupportLetter

# Every type that implements Node, by GraphQL name (gateway.node.NODE_TYPES names the same ones).
NODE_CLASSES: dict[str, type[relay.Node]] = {
    "Organisation": Organisation, "Signature": Signature, "SupportLetter": SupportLetter, "Group": Group,
    "Event": Event, "Registration": Registration, "Edition": Edition, "Nomination": Nomination,
}
MAX_NODES = 100


def _parse(value: str) -> tuple[str, str]:
    decoded = decode(value)
    if decoded is None:
        raise BadUserInput(f"{value!r} is not a global id; pass the id field of an object that implements Node.",
                           fields=[{"field": "id", "message": "not a global id"}])
    return decoded


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object that implements Node, by its global id (its `id` field); null when no object "
                                  "has that id. Fields you may not see answer as they do elsewhere (FORBIDDEN).")
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")]) -> relay.Node | None:
        type_name, local = _parse(id)
        [found] = await NODE_CLASSES[type_name].resolve_nodes(info=info, node_ids=[local], required=False)
        return found

    @strawberry.field(description=f"Several objects by their global ids, in the same order (null where none has that id); at most {MAX_NODES}.")
    async def nodes(self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids.")]) -> list[relay.Node | None]:
        if len(ids) > MAX_NODES:
            raise BadUserInput(f"At most {MAX_NODES} ids at once; you passed {len(ids)}.", fields=[{"field": "ids", "message": "too many"}])
        parsed = [_parse(i) for i in ids]
        by_type: dict[str, list[str]] = {}
        for type_name, local in parsed:
            by_type.setdefault(type_name, []).append(local)
        found: dict[tuple[str, str], relay.Node | None] = {}
        for type_name, locals_ in by_type.items():  # one batch per type: loaders make it one upstream call where they can
            for local, obj in zip(locals_, await NODE_CLASSES[type_name].resolve_nodes(info=info, node_ids=locals_, required=False)):
                found[(type_name, local)] = obj
        return [found[key] for key in parsed]
