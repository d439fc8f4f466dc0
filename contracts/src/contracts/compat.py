"""Is a new event schema backward compatible with the old one?

An event type is read by consumers deployed at other times than its producer,
so a published schema may only grow: new optional fields and new enum values.
Anything else (a field removed, retyped or newly required, an enum narrowed,
the topic or aggregate moved) breaks someone and needs a new ``.vN`` type.

Works on the JSON Schemas Pydantic v2 emits: ``$ref`` into ``$defs``,
``anyOf`` for unions and optional fields, ``enum``/``const``, arrays, dicts
and nested objects (compared recursively, cycles included).
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

# Root-level keys written by contracts.export: moving a type to another topic
# or key loses messages or ordering, so they are part of the contract.
_ROOT_EXTENSIONS = ("x-topic", "x-aggregate")


def breaking_changes(old_schema: Schema, new_schema: Schema) -> list[str]:
    """Reasons why ``new_schema`` cannot replace ``old_schema``; empty if it can."""
    reasons = [
        f"{key} changed from {old_schema[key]!r} to {new_schema.get(key)!r}"
        for key in _ROOT_EXTENSIONS
        if key in old_schema and old_schema[key] != new_schema.get(key)
    ]
    _Comparer(old_schema, new_schema, reasons).node(old_schema, new_schema, "<root>")
    return reasons


class _Comparer:
    def __init__(self, old_root: Schema, new_root: Schema, reasons: list[str]) -> None:
        self.roots = (old_root, new_root)
        self.reasons = reasons
        self.seen: set[tuple[int, int]] = set()  # object schema pairs already compared

    def node(self, old: Schema, new: Schema, path: str) -> None:
        old_alts = _alternatives(old, self.roots[0])
        new_alts = _alternatives(new, self.roots[1])
        if set(old_alts) != set(new_alts):
            self.reasons.append(f"{path}: type changed from {_kinds(old_alts)} to {_kinds(new_alts)}")
        for kind in sorted(old_alts.keys() & new_alts.keys()):  # sorted: stable reason order
            self.same_kind(old_alts[kind], new_alts[kind], path)

    def same_kind(self, old: Schema, new: Schema, path: str) -> None:
        if old.get("format") != new.get("format"):
            self.reasons.append(f"{path}: format changed from {old.get('format')} to {new.get('format')}")
        old_values, new_values = _enum(old), _enum(new)
        if old_values is not None:
            # No enum at all on the new side means any value: a widening, fine.
            removed = [v for v in old_values if new_values is not None and v not in new_values]
            if removed:
                self.reasons.append(f"{path}: enum values removed: {', '.join(map(repr, removed))}")
        elif new_values is not None:
            self.reasons.append(f"{path}: values restricted to enum {new_values!r}")
        if "items" in old or "items" in new:
            self.node(old.get("items", {}), new.get("items", {}), f"{path}[]")
        if isinstance(old.get("additionalProperties"), dict) or isinstance(new.get("additionalProperties"), dict):
            self.node(_extra(old), _extra(new), f"{path}{{}}")
        if "properties" in old or "properties" in new:
            # Recursive models lead back to the same $defs entry: compare each pair once
            # (this also reports a shared nested model's change once, not per use).
            if (id(old), id(new)) not in self.seen:
                self.seen.add((id(old), id(new)))
                self.fields(old, new, path)

    def fields(self, old: Schema, new: Schema, path: str) -> None:
        prefix = "" if path == "<root>" else f"{path}."
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", ())), set(new.get("required", ()))
        for name, old_field in old_props.items():
            where = f"{prefix}{name}"
            if name not in new_props:
                self.reasons.append(f"{where}: field removed")
                continue
            if name in new_req and name not in old_req:
                self.reasons.append(f"{where}: optional field made required")
            # required -> optional is fine: Pydantic still serialises the default.
            self.node(old_field, new_props[name], where)
        for name in sorted(new_req - old_props.keys()):
            self.reasons.append(f"{prefix}{name}: new required field")


def _resolve(schema: Schema, root: Schema) -> Schema:
    """Follow ``$ref`` (and Pydantic's single-element ``allOf`` wrapper) to the real schema."""
    while True:
        if "$ref" in schema:
            target = root
            for part in schema["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            # Sibling keys of a $ref (description, default) are annotations only.
            schema = target
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def _alternatives(schema: Schema, root: Schema) -> dict[str, Schema]:
    """Split a (possibly union) schema into its alternatives keyed by JSON type."""
    schema = _resolve(schema, root)
    union = schema.get("anyOf") or schema.get("oneOf")
    if union:
        alts: dict[str, Schema] = {}
        for member in union:
            for kind, sub in _alternatives(member, root).items():
                # Two object members (a union of models) are told apart by title.
                alts[kind if kind not in alts else f"{kind}:{sub.get('title', len(alts))}"] = sub
        return alts
    kind = schema.get("type")
    if isinstance(kind, list):
        return {k: {**schema, "type": k} for k in kind}
    if kind is None and "const" in schema and schema["const"] is None:
        kind = "null"
    return {kind or "any": schema}


def _enum(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _extra(schema: Schema) -> Schema:
    extra = schema.get("additionalProperties", {})
    return extra if isinstance(extra, dict) else {}


def _kinds(alts: dict[str, Schema]) -> str:
    return " | ".join(sorted(alts)) or "nothing"
