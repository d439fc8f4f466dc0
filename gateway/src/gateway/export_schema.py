"""``python -m gateway.export_schema [--check]``: write (or check) ``gateway/schema.graphql``.

The checked-in SDL is what client teams review and generate code from; ``--check``
fails when the file no longer matches the code, so CI catches a forgotten export.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from strawberry.printer import print_schema

from gateway.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def schema_sdl() -> str:
    return print_schema(schema) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.export_schema", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale instead of writing it")
    parser.add_argument("--output", type=Path, default=SCHEMA_FILE, help=f"where the SDL goes (default {SCHEMA_FILE})")
    args = parser.parse_args(argv)
    sdl = schema_sdl()
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != sdl:
            print(f"{args.output} is stale; run: python -m gateway.export_schema", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(sdl)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
