"""Every text a client sends a service goes through servicekit.inputs: read off each service's OpenAPI document and routes.

A plain ``str`` in a request model would let NUL, control characters and lone surrogates through (PostgreSQL answers
them with a 5xx) and has no length bound; the types in servicekit.inputs document a pattern, so a string without one
(and without a format or an enumeration) is a field nobody checks.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from servicekit.inputs import refuse_unstorable_path_params

SERVICES = ["membership", "events", "awards", "notifications"]
CHECKED_FORMATS = {"date", "date-time", "uri", "email", "binary"}


def app_of(service: str):
    module = __import__(f"{service}.bootstrap", fromlist=["create_app", "Settings"])
    return module.create_app(module.Settings(database_url="sqlite+aiosqlite:///:memory:", kafka_bootstrap_servers="127.0.0.1:1"))


def unchecked_strings(schema: dict, document: dict, where: str, seen: set[str]) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return unchecked_strings(document["components"]["schemas"][name], document, where, seen | {name})
    found = []
    # A file upload (contentMediaType) is bytes; its name and media type are checked where it is read.
    checked = {"pattern", "enum", "const", "contentMediaType"} & schema.keys() or schema.get("format") in CHECKED_FORMATS
    if schema.get("type") == "string" and not checked:
        found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            found += unchecked_strings(option, document, where, seen)
    for name, child in schema.get("properties", {}).items():
        found += unchecked_strings(child, document, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += unchecked_strings(schema[key], document, f"{where}[]", seen)
    if "propertyNames" in schema:
        found += unchecked_strings(schema["propertyNames"], document, f"{where}{{key}}", seen)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_string_a_client_sends_has_a_checked_type(service):
    document = app_of(service).openapi()
    unchecked = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "header"):
                    unchecked += unchecked_strings(parameter["schema"], document, f"{label} {parameter['in']} {parameter['name']}", set())
            for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
                unchecked += unchecked_strings(content.get("schema", {}), document, f"{label} {media_type}", set())
    # CommitmentCheckIn.result is any JSON, hashed and never stored; audit.py refuses what cannot be hashed.
    unchecked = [u for u in unchecked if not u.startswith("POST /audit/commitment-check application/json.result")]
    assert unchecked == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_with_a_path_parameter_checks_its_segments(service):
    unguarded = [route.path for route in app_of(service).routes if isinstance(route, APIRoute) and "{" in route.path
                 and refuse_unstorable_path_params not in {d.call for d in route.dependant.dependencies}]
    assert unguarded == []
