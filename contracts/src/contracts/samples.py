"""Golden samples: one payload per event type, written once by the version that introduced the type.

    python -m contracts.samples           # write a sample for every type that has none (never rewrites one)

A consumer at version N+1 must read what a producer at version N still writes; the samples are
what N wrote, kept forever, and ``contracts/tests`` parses every one with today's models. A sample
is built from the type's JSON Schema: every field filled (optional ones too), so that a later
retyping of any field shows up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from contracts import REGISTRY

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "samples"
_FORMATS = {"date-time": "2021-06-14T13:00:00Z", "date": "2021-06-14", "email": "someone@example.org", "uri": "https://example.org/x",
            "uuid": "3f0c1e9a-0000-4000-8000-00000000f1d0"}


def sample_for(schema: dict) -> dict:
    return _value(schema, schema.get("$defs", {}))


def _value(node: dict, defs: dict):
    if "$ref" in node:
        return _value(defs[node["$ref"].rsplit("/", 1)[1]], defs)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    for union in ("anyOf", "oneOf"):
        if union in node:
            options = [o for o in node[union] if o.get("type") != "null"] or node[union]
            return _value(options[0], defs)
    kind = node.get("type", "object")
    if kind == "object":
        if "properties" not in node:
            extra = node.get("additionalProperties")
            return {"en": _value(extra, defs)} if isinstance(extra, dict) else {}
        return {name: _value(prop, defs) for name, prop in node["properties"].items()}
    if kind == "array":
        return [_value(node.get("items", {"type": "string"}), defs)] * max(1, node.get("minItems", 1))
    if kind == "string":
        text = _FORMATS.get(node.get("format", ""), "sample")
        text = text.ljust(node.get("minLength", 0), "a")
        return text[: node["maxLength"]] if "maxLength" in node else text
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "number":
        return float(max(1, node.get("minimum", 1)))
    if kind == "boolean":
        return True
    return None


def write_missing(out_dir: Path = SAMPLE_DIR) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for event_type, spec in sorted(REGISTRY.items()):
        path = out_dir / f"{event_type}.json"
        if path.exists():
            continue
        payload = sample_for(spec.model.model_json_schema())
        try:
            spec.model.model_validate(payload)
        except ValueError as exc:
            raise SystemExit(f"cannot build a valid sample of {event_type} ({exc}); write {path} by hand") from None
        path.write_text(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        written.append(path.name)
    return written


if __name__ == "__main__":
    for name in write_missing():
        print(f"wrote {SAMPLE_DIR / name}")
    sys.exit(0)
