"""``python -m gateway.export_schema [--check] [--force]``: write (or check) ``gateway/schema.graphql``.

The checked-in SDL is what client teams review and generate code from; ``--check``
fails when the file no longer matches the code, so CI catches a forgotten export.
Writing refuses a breaking change against the checked-in schema (a removed or retyped
field, a new required argument, ...) unless what goes was marked ``@deprecated`` in the
checked-in schema first: deprecate, let clients move, then remove. ``--force`` overrides.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphql import BreakingChangeType, GraphQLObjectType, GraphQLInterfaceType, build_schema, find_breaking_changes
from strawberry.printer import print_schema

from gateway.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def schema_sdl() -> str:
    return print_schema(schema) + "\n"


def unannounced_breaking_changes(old_sdl: str, new_sdl: str) -> list[str]:
    """Breaking changes from ``old_sdl`` to ``new_sdl``, except removals of fields deprecated in ``old_sdl``."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    problems = []
    for change in find_breaking_changes(old, new):
        if change.type is BreakingChangeType.FIELD_REMOVED and _was_deprecated(old, change.description):
            continue
        if change.type is BreakingChangeType.TYPE_REMOVED and change.description.startswith("Standard scalar"):
            continue  # no field uses Int any more: nothing a client relies on
        problems.append(change.description)
    return problems


def _was_deprecated(old, description: str) -> bool:
    # graphql-core describes a removal as "Field Type.field was removed."
    type_name, _, rest = description.removeprefix("Field ").partition(".")
    field_name = rest.split(" ", 1)[0]
    owner = old.get_type(type_name)
    if not isinstance(owner, (GraphQLObjectType, GraphQLInterfaceType)) or field_name not in owner.fields:
        return False
    return owner.fields[field_name].deprecation_reason is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.export_schema", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale instead of writing it")
    parser.add_argument("--output", type=Path, default=SCHEMA_FILE, help=f"where the SDL goes (default {SCHEMA_FILE})")
    parser.add_argument("--force", action="store_true", help="write even a breaking change")
    args = parser.parse_args(argv)
    sdl = schema_sdl()
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != sdl:
            print(f"{args.output} is stale; run: python -m gateway.export_schema", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    if args.output.exists() and not args.force:
        breaking = unannounced_breaking_changes(args.output.read_text(), sdl)
        if breaking:
            print("Breaking changes against the checked-in schema; deprecate first (@deprecated with a reason), "
                  "or pass --force:\n  " + "\n  ".join(breaking), file=sys.stderr)
            return 2
    args.output.write_text(sdl)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
