"""The site's GraphQL operations are valid against the gateway's schema, and the manifest is what the site sends."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from graphql import build_schema, parse, validate

from web.operations import FOLDER, OPERATIONS, OperationName, load

SCHEMA = Path(__file__).resolve().parents[2] / "gateway" / "schema.graphql"


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_each_operation_is_valid_against_the_gateway_schema(name):
    errors = validate(build_schema(SCHEMA.read_text()), parse(OPERATIONS[name].document))
    assert not errors, [e.message for e in errors]


def test_the_typed_names_and_the_files_are_the_same():
    assert set(get_args(OperationName)) == {p.stem for p in FOLDER.glob("*.graphql")}


def test_a_file_must_hold_one_operation_named_after_it(tmp_path, monkeypatch):
    (tmp_path / "Wrong.graphql").write_text("query Other { me { role } }")
    monkeypatch.setattr("web.operations.FOLDER", tmp_path)
    with pytest.raises(ValueError, match="named Wrong"):
        load()


def test_the_manifest_maps_each_documents_sha256_to_it():
    printed = subprocess.run([sys.executable, "-m", "web", "operations", "manifest"], check=True, capture_output=True, text=True).stdout
    manifest = json.loads(printed)
    assert set(manifest.values()) == {op.document for op in OPERATIONS.values()}
    assert all(hashlib.sha256(document.encode()).hexdigest() == digest for digest, document in manifest.items())
