"""Rolling upgrades: what a producer at version N wrote, a consumer at N+1 still reads.

Each event type's golden sample was written by the version that introduced the type and is never
rewritten; today's models must parse every one of them, with every field the sample carries.
"""

from __future__ import annotations

import json

import pytest
from contracts.samples import SAMPLE_DIR, sample_for

from contracts import REGISTRY


def test_every_event_type_has_a_golden_sample():
    missing = sorted(t for t in REGISTRY if not (SAMPLE_DIR / f"{t}.json").exists())
    assert not missing, f"no golden sample for {missing}: run make contracts and commit contracts/samples/"


@pytest.mark.parametrize("event_type", sorted(REGISTRY))
def test_todays_model_reads_the_sample_its_first_version_wrote(event_type):
    path = SAMPLE_DIR / f"{event_type}.json"
    written = json.loads(path.read_text())
    event = REGISTRY[event_type].model.model_validate(written)
    dumped = json.loads(event.model_dump_json())
    lost = {k for k in written if k not in dumped}
    assert not lost, f"{event_type} no longer carries {lost}: a consumer at N+1 would lose what N sent"


def test_the_generator_fills_optional_fields_too():
    schema = {"type": "object", "properties": {"a": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
                                               "b": {"type": "array", "items": {"type": "integer", "minimum": 3}}}}
    assert sample_for(schema) == {"a": "2021-06-14", "b": [3]}
