"""Global ids (Relay's Node interface): one opaque id per object, enough to fetch it again with ``node(id)``.

A global id is base64("<GraphQL type>:<the service's id>"), as Relay and strawberry.relay write it.
Every object that can be fetched on its own implements ``Node``; fields that point at such an
object (``eventId``, ``organisationId`` ...) carry its global id too.

Arguments and input fields accept a global id or, so that ids kept from before global ids
still work, the service's own id: ``local_id`` turns either into the service's id. Clients
(``gateway.clients.base``) apply it to every path id and every ``*_id``/``*_ids`` field they
send, so a resolver never has to.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import strawberry
from strawberry.relay import GlobalID

# The GraphQL types that implement Node; kept here so that decoding needs no schema.
NODE_TYPES = frozenset({"Organisation", "Signature", "SupportLetter", "Group", "Event", "Registration", "Edition", "Nomination"})


def global_id(type_name: str, local: str) -> strawberry.ID:
    if type_name not in NODE_TYPES:
        raise ValueError(f"{type_name} does not implement Node")
    return strawberry.ID(str(GlobalID(type_name, str(local))))


def decode(value: str) -> tuple[str, str] | None:
    """(type name, service id) of a global id; None when ``value`` is not one (e.g. a service id)."""
    try:
        text = base64.b64decode(value.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, local = text.partition(":")
    if type_name not in NODE_TYPES or not local:
        return None
    return type_name, local


def local_id(value: Any) -> Any:
    """The service's id for a global id; anything else unchanged."""
    if isinstance(value, str):
        decoded = decode(value)
        if decoded is not None:
            return decoded[1]
    return value


def local_ids_in(body: Any) -> Any:
    """A JSON body, or query parameters (a dict or (name, value) pairs), with every value of an id field
    (``ids``, ``*_id``, ``*_ids``) turned into service ids."""
    if isinstance(body, dict):
        return {key: (_local_field(value) if _is_id_field(key) else local_ids_in(value)) for key, value in body.items()}
    if isinstance(body, list):
        return [(item[0], _local_field(item[1])) if _is_pair(item) and _is_id_field(item[0]) else local_ids_in(item) for item in body]
    return body


def _is_id_field(name: Any) -> bool:
    return isinstance(name, str) and (name == "ids" or name.endswith(("_id", "_ids")))


def _is_pair(item: Any) -> bool:
    return isinstance(item, tuple) and len(item) == 2


def _local_field(value: Any) -> Any:
    if isinstance(value, list):
        return [local_id(v) for v in value]
    return local_id(value)


async def each_or_none(node_ids: Iterable[str], fetch: Callable[[str], Awaitable[Any]]) -> list[Any]:
    """Fetch every id at once; an id no object has gives None (``node`` answers null), other errors stay errors."""
    from gateway.errors import NotFound

    async def one(node_id: str) -> Any:
        try:
            return await fetch(node_id)
        except NotFound:
            return None

    return list(await asyncio.gather(*(one(i) for i in node_ids)))
