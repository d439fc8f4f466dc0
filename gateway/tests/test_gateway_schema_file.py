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
    assert main(["--output", str(target), "--force"]) == 0  # the stale field is gone without deprecation
    assert main(["--check", "--output", str(target)]) == 0
    assert target.read_text() == SCHEMA_FILE.read_text()


OLD = '''
type Query {
  "An organisation."
  organisation(id: ID!): Organisation
  legacyCount: Int @deprecated(reason: "Use organisations.totalCount.")
}
type Organisation { id: ID! name: String! website: String }
'''


def test_removing_a_field_that_was_not_deprecated_is_breaking():
    from gateway.export_schema import unannounced_breaking_changes

    new = OLD.replace("website: String", "")
    assert unannounced_breaking_changes(OLD, new) == ["Field Organisation.website was removed."]


def test_removing_a_deprecated_field_is_allowed_and_adding_is_always_fine():
    from gateway.export_schema import unannounced_breaking_changes

    new = OLD.replace('legacyCount: Int @deprecated(reason: "Use organisations.totalCount.")', "").replace("website: String", "website: String country: String")
    assert unannounced_breaking_changes(OLD, new) == []


def test_retyping_a_field_is_breaking_even_if_deprecated():
    from gateway.export_schema import unannounced_breaking_changes

    new = OLD.replace("legacyCount: Int", "legacyCount: String")
    assert unannounced_breaking_changes(OLD, new) and "legacyCount" in unannounced_breaking_changes(OLD, new)[0]


def test_export_refuses_a_breaking_change_unless_forced(tmp_path):
    target = tmp_path / "schema.graphql"
    target.write_text(SCHEMA_FILE.read_text().replace("type Query {", "type Query {\n  removedSinceLastRelease: Int\n", 1))

    assert main(["--output", str(target)]) == 2
    assert main(["--output", str(target), "--force"]) == 0
