"""The registry from event type name to model and topic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

_TYPE_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)+\.v[1-9][0-9]*$")


class IntegrationEvent(BaseModel):
    """Base of every event payload: immutable, strict about unknown fields on the way out.

    ``aggregate_id`` names the field whose value is the Kafka key and the
    CloudEvents subject, so all events of one aggregate stay ordered.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    topic: ClassVar[str]
    aggregate_field: ClassVar[str]

    @property
    def aggregate_id(self) -> str:
        return str(getattr(self, self.aggregate_field))


@dataclass(frozen=True)
class EventSpec:
    type: str
    topic: str
    model: type[IntegrationEvent]


REGISTRY: dict[str, EventSpec] = {}

E = TypeVar("E", bound=type[IntegrationEvent])


def event(type_name: str, *, topic: str, aggregate: str):
    """Register an event model under its versioned type name."""

    if not _TYPE_NAME.match(type_name):
        raise ValueError(f"event type {type_name!r} must look like 'service.aggregate.happened.v1'")

    def register(model: E) -> E:
        if type_name in REGISTRY:
            raise ValueError(f"event type {type_name!r} is defined twice")
        if aggregate not in model.model_fields:
            raise ValueError(f"{model.__name__} has no aggregate field {aggregate!r}")
        model.event_type = type_name
        model.topic = topic
        model.aggregate_field = aggregate
        REGISTRY[type_name] = EventSpec(type=type_name, topic=topic, model=model)
        return model

    return register


class UnknownEventType(LookupError):
    pass


def spec_for(type_name: str) -> EventSpec:
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise UnknownEventType(f"no event type {type_name!r} in contracts") from None


def topics() -> list[str]:
    return sorted({spec.topic for spec in REGISTRY.values()})
