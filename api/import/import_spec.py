"""Rebuilds the current API's OpenAPI document from the official generated Python client.

The live spec cannot be fetched here, but `composio-client` carries all of it, machine-readable:
`composio_client/_operations.py` lists every operation (method, path template, accessor chain, declared security
schemes) and `composio_client/_generated/pydantic_gen.py` has each operation's request and response models, named
`{Method}V31{Path}{Body|Query|Path|Response}` (path parameters as `By{Name}`). Pydantic turns each model into JSON
Schema; this script assembles them into one OpenAPI document, written sorted so a refresh diffs cleanly. The
schemas are lowered to OpenAPI 3.0's dialect (`nullable` for `anyOf [..., null]`, `enum` for `const`, boolean
`exclusiveMinimum`), the one the code generator reads; nothing of their meaning is lost.

Run through `scripts/import-spec.sh`, which pins the client version and gives the script its own virtualenv.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from typing import Any

from pydantic import BaseModel

import composio_client
from composio_client import _operations
from composio_client._generated import pydantic_gen

REF = "#/components/schemas/{model}"
SECURITY = {
    "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "x-api-key"},
    "UserApiKeyAuth": {"type": "apiKey", "in": "header", "name": "x-user-api-key"},
    "OrgApiKeyAuth": {"type": "apiKey", "in": "header", "name": "x-org-api-key"},
    "workbench_access_key": {"type": "apiKey", "in": "header", "name": "x-workbench-access-key"},
}
# The client's models carry no status codes: every operation documents 200 and the API's usual errors, each
# the `Error` body (`{error: {message, code, slug, status, ...}}`).
ERRORS = {
    status: {"description": text, "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}}
    for status, text in [("400", "Bad request"), ("401", "Unauthorized"), ("403", "Forbidden"), ("404", "Not found"),
                         ("409", "Conflict"), ("422", "Unprocessable"), ("429", "Too many requests"),
                         ("500", "Server error")]
}
# The two operations whose models are named by operation id rather than by path.
BY_OPERATION_ID = {
    ("post", "/api/v3.1/toolkits/{toolkit_slug}/scopes/recommended"): "RecommendToolkitScopes",
    ("get", "/api/v3.1/toolkits/{toolkit_slug}/scopes/grant_context"): "RecommendToolkitScopesGrantContext",
}


def lower(schema: Any) -> Any:
    """A JSON Schema (2020-12, as pydantic writes it) in OpenAPI 3.0's dialect."""
    if isinstance(schema, list):
        return [lower(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: lower(v) for k, v in schema.items()}
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        if isinstance(out.get(key), (int, float)) and not isinstance(out.get(key), bool):
            out["minimum" if key == "exclusiveMinimum" else "maximum"] = out[key]
            out[key] = True
    if "const" in out:
        out["enum"] = [out.pop("const")]
    if isinstance(out.get("type"), list):
        listed = out.pop("type")
        kinds = [k for k in listed if k != "null"]
        if len(kinds) < len(listed):
            out["nullable"] = True
        if len(kinds) == 1:
            out["type"] = kinds[0]
        else:
            out["anyOf"] = [{"type": k} for k in kinds]
    if out.get("type") == "null":
        out.pop("type")
        out["nullable"] = True
    if "examples" in out:
        examples = out.pop("examples")
        if isinstance(examples, list) and examples:
            out.setdefault("example", examples[0])
    if "prefixItems" in out:
        out["items"] = {"anyOf": out.pop("prefixItems")}
    for combinator in ("anyOf", "oneOf"):
        options = out.get(combinator)
        if not isinstance(options, list):
            continue
        rest = [o for o in options if o != {"nullable": True}]
        if len(rest) == len(options):
            continue
        out["nullable"] = True
        if len(rest) == 1 and "$ref" not in rest[0]:
            out.pop(combinator)
            merged = {**rest[0], **{k: v for k, v in out.items() if k != "nullable"}}
            merged["nullable"] = True
            out = merged
        elif len(rest) == 1:
            out.pop(combinator)
            out["allOf"] = rest
        else:
            out[combinator] = rest
    return out


def pascal(word: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-]", word) if part)


def model_prefix(method: str, path: str) -> str:
    if (method, path) in BY_OPERATION_ID:
        return BY_OPERATION_ID[(method, path)]
    segments = path.removeprefix("/api/v3.1/").split("/")
    parts = ["By" + pascal(s[1:-1]) if s.startswith("{") else pascal(s) for s in segments]
    return pascal(method) + "V31" + "".join(parts)


MODELS = {name: cls for name, cls in inspect.getmembers(pydantic_gen, inspect.isclass) if issubclass(cls, BaseModel)}


def schema_of(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, schema)
    return {"$ref": REF.format(model=model.__name__)}


def parameters(model: type[BaseModel] | None, where: str) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        param = {"name": name, "in": where, "required": where == "path" or name in required, "schema": prop}
        if "description" in prop:
            param["description"] = prop["description"]
        out.append(param)
    return out


def operation(op: Any, components: dict[str, Any], missing: list[str]) -> dict[str, Any]:
    prefix = model_prefix(op.method, op.path)
    found = {kind: MODELS.get(prefix + kind) for kind in ("Body", "Query", "Path", "Response")}
    if found["Response"] is None:
        missing.append(f"{op.method.upper()} {op.path}: no {prefix}Response")
    path_names = re.findall(r"{([^}]+)}", op.path)
    path_params = parameters(found["Path"], "path")
    known = {p["name"] for p in path_params}
    path_params += [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in path_names if n not in known]
    doc: dict[str, Any] = {
        "operationId": ".".join(op.chain),
        "x-accessor": list(op.chain),
        "parameters": path_params + parameters(found["Query"], "query"),
        "security": [{scheme: []} for scheme in (op.schemes or ("ApiKeyAuth",)) if scheme != "no_auth"],
        "responses": {"200": {"description": "OK"}, **ERRORS},
    }
    if found["Response"] is not None:
        doc["responses"]["200"]["content"] = {"application/json": {"schema": schema_of(found["Response"], components)}}
    if found["Body"] is not None:
        body = {"application/json": {"schema": schema_of(found["Body"], components)}}
        doc["requestBody"] = {"required": True, "content": body}
    return doc


def main() -> None:
    components: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    schema_of(MODELS["Error"], components)  # the body of every error response
    for op in _operations.OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = operation(op, components, missing)
    document = {
        "openapi": "3.0.3",
        "info": {
            "title": "Composio API (current)",
            "version": composio_client.__version__,
            "description": "Rebuilt by api/import/import_spec.py from composio-client "
            f"{composio_client.__version__}: its operation table and its generated pydantic models.",
        },
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": SECURITY},
    }
    json.dump(lower(document), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    if missing:
        print("operations without a response model:\n  " + "\n  ".join(missing), file=sys.stderr)


if __name__ == "__main__":
    main()
