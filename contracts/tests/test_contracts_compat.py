"""breaking_changes on small synthetic models, one rule per test."""

from datetime import date, datetime
from enum import Enum
from typing import Literal, Optional

from contracts.compat import breaking_changes
from pydantic import BaseModel, create_model


def schema(**fields) -> dict:
    # Same model name on both sides, like an edited event model.
    return create_model("Event", **fields).model_json_schema()


def diff(old: dict, new: dict) -> list[str]:
    return breaking_changes(schema(**old), schema(**new))


def test_identical_schemas_are_compatible():
    fields = {"id": (str, ...), "at": (datetime, ...), "note": (Optional[str], None)}
    assert diff(fields, fields) == []


def test_adding_an_optional_field_is_compatible():
    assert diff({"id": (str, ...)}, {"id": (str, ...), "note": (Optional[str], None)}) == []


def test_removed_field_breaks():
    assert diff({"id": (str, ...), "name": (str, ...)}, {"id": (str, ...)}) == ["name: field removed"]


def test_removed_optional_field_breaks():
    assert diff({"id": (str, ...), "note": (Optional[str], None)}, {"id": (str, ...)}) == ["note: field removed"]


def test_retyped_field_breaks():
    reasons = diff({"count": (int, ...)}, {"count": (str, ...)})
    assert reasons == ["count: type changed from integer to string"]


def test_changed_format_breaks():
    reasons = diff({"at": (datetime, ...)}, {"at": (date, ...)})
    assert reasons == ["at: format changed from date-time to date"]


def test_optional_field_made_non_nullable_breaks():
    reasons = diff({"note": (Optional[str], None)}, {"note": (str, "")})
    assert reasons == ["note: type changed from null | string to string"]


def test_new_required_field_breaks():
    assert diff({"id": (str, ...)}, {"id": (str, ...), "name": (str, ...)}) == ["name: new required field"]


def test_optional_field_made_required_breaks():
    reasons = diff({"note": (Optional[str], None)}, {"note": (Optional[str], ...)})
    assert reasons == ["note: optional field made required"]


class Colour(str, Enum):
    RED = "red"
    GREEN = "green"


class ColourWidened(str, Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class ColourNarrowed(str, Enum):
    RED = "red"


def test_widening_an_enum_is_compatible():
    assert diff({"colour": (Colour, ...)}, {"colour": (ColourWidened, ...)}) == []
    assert diff({"colour": (Literal["a"], ...)}, {"colour": (Literal["a", "b"], ...)}) == []


def test_narrowing_an_enum_breaks():
    assert diff({"colour": (Colour, ...)}, {"colour": (ColourNarrowed, ...)}) == ["colour: enum values removed: 'green'"]
    assert diff({"colours": (list[Colour], ...)}, {"colours": (list[ColourNarrowed], ...)}) == [
        "colours[]: enum values removed: 'green'"
    ]


def test_restricting_free_text_to_an_enum_breaks():
    assert diff({"colour": (str, ...)}, {"colour": (Colour, ...)}) == ["colour: values restricted to enum ['red', 'green']"]


def test_array_item_retyped_breaks():
    assert diff({"ids": (list[int], ...)}, {"ids": (list[str], ...)}) == ["ids[]: type changed from integer to string"]


def test_nested_model_is_checked_through_ref():
    old_address = create_model("Address", city=(str, ...), zip=(str, ...))
    new_address = create_model("Address", city=(int, ...), street=(str, ...))
    old, new = schema(address=(old_address, ...)), schema(address=(new_address, ...))
    assert "$ref" in old["properties"]["address"]
    assert breaking_changes(old, new) == [
        "address.city: type changed from string to integer",
        "address.zip: field removed",
        "address.street: new required field",
    ]


def test_optional_nested_model_gains_optional_field_compatibly():
    old_address = create_model("Address", city=(str, ...))
    new_address = create_model("Address", city=(str, ...), street=(Optional[str], None))
    assert breaking_changes(
        schema(address=(Optional[old_address], None)), schema(address=(Optional[new_address], None))
    ) == []


class Node(BaseModel):
    name: str
    parent: Optional["Node"] = None


class NodeRenamed(BaseModel):
    label: str
    parent: Optional["NodeRenamed"] = None


def test_recursive_models_terminate():
    assert breaking_changes(Node.model_json_schema(), Node.model_json_schema()) == []
    reasons = breaking_changes(Node.model_json_schema(), NodeRenamed.model_json_schema())
    assert reasons == ["name: field removed", "label: new required field"]


def test_moving_topic_or_aggregate_breaks():
    old = {"type": "object", "x-topic": "a.b", "x-aggregate": "id"}
    assert breaking_changes(old, {**old, "x-topic": "a.c", "x-aggregate": "key"}) == [
        "x-topic changed from 'a.b' to 'a.c'",
        "x-aggregate changed from 'id' to 'key'",
    ]
