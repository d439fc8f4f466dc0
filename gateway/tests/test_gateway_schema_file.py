"""The checked-in SDL matches the code: client teams read and generate from it."""

from __future__ import annotations

from gateway.export_schema import SCHEMA_FILE, main, schema_sdl


def test_the_schema_file_is_up_to_date():
    assert SCHEMA_FILE.exists(), "run: python -m gateway.export_schema"
    assert SCHEMA_FILE.read_text() == schema_sdl(), "gateway/schema.graphql is stale; run: python -m gateway.export_schema"


def test_check_fails_on_a_stale_file_and_export_fixes_it(tmp_path):
    target = tmp_path / "schema.graphql"
    target.write_text("type Query { stale: Int }\n")

    assert main(["--check", "--output", str(target)]) == 1
    assert main(["--output", str(target)]) == 0
    assert main(["--check", "--output", str(target)]) == 0
    assert target.read_text() == SCHEMA_FILE.read_text()
