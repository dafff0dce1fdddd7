"""Check a JSON answer against the API's own OpenAPI document, with no extra dependency.

Only the parts of JSON Schema that django-ninja's documents use are understood: ``$ref``,
``type``, ``properties``, ``required``, ``items``, ``anyOf``/``oneOf``/``allOf``, ``enum``,
``const``, ``minimum``/``maximum`` and ``additionalProperties``. Anything else in a schema
makes the check fail loudly rather than pass silently. Properties the schema does not name are
errors too (unless it allows ``additionalProperties``): an answer must not carry undocumented
data.
"""

from __future__ import annotations

from typing import Any

_UNDERSTOOD = {
    "$ref",
    "type",
    "properties",
    "required",
    "items",
    "anyOf",
    "oneOf",
    "allOf",
    "enum",
    "const",
    "minimum",
    "maximum",
    "additionalProperties",
    # Descriptive only:
    "title",
    "description",
    "default",
    "format",
    "example",
    "examples",
}

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _resolve(ref: str, document: dict) -> dict:
    if not ref.startswith("#/"):
        raise AssertionError(f"Only local $refs are understood, not {ref}")
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name not in _TYPES:
        raise AssertionError(f"Unknown JSON Schema type {name!r}")
    return isinstance(value, _TYPES[name])


def schema_errors(value: Any, schema: dict, document: dict, path: str = "$") -> list[str]:
    """Everything wrong with ``value`` against ``schema``, as readable lines (empty if fine)."""
    unknown = set(schema) - _UNDERSTOOD
    if unknown:
        raise AssertionError(f"{path}: the schema uses {sorted(unknown)}, which this check skips")
    if "$ref" in schema:
        return schema_errors(value, _resolve(schema["$ref"], document), document, path)
    errors: list[str] = []
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            matches = [not schema_errors(value, s, document, path) for s in schema[keyword]]
            if keyword == "anyOf" and not any(matches):
                errors.append(f"{path}: {value!r} matches none of anyOf")
            if keyword == "oneOf" and sum(matches) != 1:
                errors.append(f"{path}: {value!r} matches {sum(matches)} of oneOf, not one")
    for sub in schema.get("allOf", []):
        errors += schema_errors(value, sub, document, path)
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} is not {schema['const']!r}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, name) for name in types):
            return [*errors, f"{path}: {value!r} is not of type {schema['type']}"]
    if "minimum" in schema and isinstance(value, int | float) and value < schema["minimum"]:
        errors.append(f"{path}: {value!r} is below {schema['minimum']}")
    if "maximum" in schema and isinstance(value, int | float) and value > schema["maximum"]:
        errors.append(f"{path}: {value!r} is above {schema['maximum']}")
    if isinstance(value, dict) and ("properties" in schema or "additionalProperties" in schema):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}: {name!r} is required but missing")
        extra = schema.get("additionalProperties", False)
        for name, item in value.items():
            if name in properties:
                errors += schema_errors(item, properties[name], document, f"{path}.{name}")
            elif isinstance(extra, dict):
                errors += schema_errors(item, extra, document, f"{path}.{name}")
            elif extra is not True:
                errors.append(f"{path}: {name!r} is not in the documented schema")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(item, schema["items"], document, f"{path}[{index}]")
    return errors


def response_schema(document: dict, method: str, path: str, status: int) -> dict:
    """The documented JSON schema of one answer; fails if that answer is not documented."""
    operation = document["paths"][path][method.lower()]
    responses = operation["responses"]
    assert str(status) in responses, (
        f"{method.upper()} {path} answered {status}, which the OpenAPI document does not list "
        f"(it lists {sorted(responses)})"
    )
    return responses[str(status)]["content"]["application/json"]["schema"]


def assert_matches_schema(document: dict, method: str, path: str, response) -> None:
    """Assert an HTTP answer is JSON and matches what the OpenAPI document says of it."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    schema = response_schema(document, method, path, response.status_code)
    errors = schema_errors(response.json(), schema, document)
    assert not errors, "\n".join(errors)
