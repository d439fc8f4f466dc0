"""The checked-in schemas match the code, and the code still honours them."""

import json

import pytest
from contracts.compat import breaking_changes
from contracts.export import SCHEMA_DIR, check, expected_files, main, schema_for

from contracts import REGISTRY


def test_checked_in_schemas_are_up_to_date():
    problems = check(SCHEMA_DIR)
    assert not problems, "schemas out of date, run `make contracts` and commit:\n" + "\n".join(problems)


@pytest.mark.parametrize("type_name", sorted(REGISTRY))
def test_registered_type_is_compatible_with_checked_in_schema(type_name):
    path = SCHEMA_DIR / f"{type_name}.json"
    assert path.exists(), f"{path.name} is not checked in: run `make contracts` and commit it"
    reasons = breaking_changes(json.loads(path.read_text()), schema_for(REGISTRY[type_name]))
    assert not reasons, (
        f"{type_name} changed incompatibly:\n  " + "\n  ".join(reasons) + "\n"
        "Published event types are immutable: keep this one as it was and add a new "
        "'.v2' (next version) type for the new shape; drop the old one once every consumer moved."
    )


def test_export_writes_and_checks_a_directory(tmp_path, capsys):
    assert main(["--check", "--out", str(tmp_path)]) == 1
    assert "missing:" in capsys.readouterr().err

    assert main(["--out", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == set(expected_files())
    text = next(tmp_path.iterdir()).read_text()
    assert text.endswith("}\n") and json.loads(text)["x-topic"]
    assert main(["--check", "--out", str(tmp_path)]) == 0


def test_check_reports_stale_and_orphaned_files(tmp_path):
    main(["--out", str(tmp_path)])
    name = "membership.organisation.registered.v1.json"
    schema = json.loads((tmp_path / name).read_text())
    schema["properties"]["gone"] = {"type": "string"}  # the code "removed" a field
    (tmp_path / name).write_text(json.dumps(schema))
    (tmp_path / "membership.organisation.deleted.v1.json").write_text("{}")

    problems = check(tmp_path)
    assert any(p.startswith(f"stale: {name}") and "gone: field removed" in p for p in problems)
    assert any(p.startswith("orphaned: membership.organisation.deleted.v1.json") for p in problems)


def test_export_refuses_to_overwrite_with_a_breaking_schema(tmp_path):
    main(["--out", str(tmp_path)])
    path = tmp_path / "membership.organisation.registered.v1.json"
    schema = json.loads(path.read_text())
    schema["properties"]["gone"] = {"type": "string"}
    path.write_text(json.dumps(schema))

    assert main(["--out", str(tmp_path)]) == 1
    assert "gone" in json.loads(path.read_text())["properties"]  # left alone
    assert main(["--out", str(tmp_path), "--force"]) == 0
    assert "gone" not in json.loads(path.read_text())["properties"]
