"""Export one JSON Schema per registered event type, or check the exported ones.

    python -m contracts.export            # write contracts/schemas/<type>.json
    python -m contracts.export --check    # exit 1 if any file is stale, missing or orphaned

The checked-in schemas are the published contract: the compatibility test
compares every registered model against them. So writing refuses to replace a
schema with a breaking version (add a ``.vN`` type instead) unless ``--force``,
and never deletes the schema of a type that vanished: removing a type is a
breaking change the developer must make deliberately by deleting the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from contracts import REGISTRY
from contracts.compat import breaking_changes
from contracts.registry import EventSpec

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(spec: EventSpec) -> dict:
    """The JSON Schema of one event type, annotated with where it is published."""
    schema = spec.model.model_json_schema()
    schema.update(
        {
            "$schema": DIALECT,
            "$id": f"{spec.type}.json",
            "title": spec.type,
            "x-model": spec.model.__name__,
            "x-topic": spec.topic,
            "x-aggregate": spec.model.aggregate_field,
        }
    )
    return schema


def render(schema: dict) -> str:
    # Sorted keys and a trailing newline keep the files diff-friendly and stable.
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    """File name -> content for every registered event type."""
    return {f"{t}.json": render(schema_for(spec)) for t, spec in sorted(REGISTRY.items())}


def check(out_dir: Path = SCHEMA_DIR) -> list[str]:
    """Problems with the schema files in ``out_dir``; empty when they are up to date."""
    expected = expected_files()
    present = {p.name: p for p in out_dir.glob("*.json")} if out_dir.is_dir() else {}
    problems = []
    for name, text in expected.items():
        if name not in present:
            problems.append(f"missing: {name}")
        elif present[name].read_text(encoding="utf-8") != text:
            breaking = breaking_changes(json.loads(present[name].read_text(encoding="utf-8")), json.loads(text))
            problems.append(f"stale: {name}" + (f" (BREAKING: {'; '.join(breaking)})" if breaking else ""))
    for name in sorted(present.keys() - expected.keys()):
        problems.append(f"orphaned: {name} (type no longer registered: a breaking removal)")
    return problems


def write(out_dir: Path = SCHEMA_DIR, *, force: bool = False) -> list[str]:
    """Write the schema files; return the problems that were left in place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, text in expected_files().items():
        path = out_dir / name
        if path.exists():
            old = path.read_text(encoding="utf-8")
            if old == text:
                continue
            breaking = breaking_changes(json.loads(old), json.loads(text))
            if breaking and not force:
                problems.append(
                    f"refused: {name} would break consumers ({'; '.join(breaking)}); "
                    "add a new .vN event type instead, or pass --force if it was never released"
                )
                continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    problems += [p for p in check(out_dir) if p.startswith("orphaned:")]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.export", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify, exit 1 on any difference")
    parser.add_argument("--out", type=Path, default=SCHEMA_DIR, help=f"schema directory (default {SCHEMA_DIR})")
    parser.add_argument("--force", action="store_true", help="overwrite schemas even if the change is breaking")
    args = parser.parse_args(argv)

    problems = check(args.out) if args.check else write(args.out, force=args.force)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems and args.check:
        print("run `make contracts` (python -m contracts.export) and commit contracts/schemas/", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
