"""The cross-language cases of tests/cases/operations.json, in the blocking and the async form."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from conftest import CASES, Emulator, unique

import composio_rs

ERROR_CLASSES = {
    "configuration": composio_rs.ConfigurationError,
    "bad_request": composio_rs.BadRequestError,
    "authentication": composio_rs.AuthenticationError,
    "permission_denied": composio_rs.PermissionDeniedError,
    "not_found": composio_rs.NotFoundError,
    "conflict": composio_rs.ConflictError,
    "unprocessable": composio_rs.UnprocessableEntityError,
    "rate_limited": composio_rs.RateLimitError,
    "server": composio_rs.InternalServerError,
    "api_status": composio_rs.APIStatusError,
    "timeout": composio_rs.APITimeoutError,
    "connection": composio_rs.APIConnectionError,
    "decode": composio_rs.APIResponseValidationError,
}


def substitute(value: Any, emu: Emulator, suffix: str) -> Any:
    if isinstance(value, str):
        return (
            value.replace("$other_project_id", emu.other_project_id)
            .replace("$project_id", emu.project_id)
            .replace("$unique", suffix)
        )
    if isinstance(value, list):
        return [substitute(v, emu, suffix) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, emu, suffix) for k, v in value.items()}
    return value


def client_kwargs(emu: Emulator, spec: dict[str, Any]) -> dict[str, Any]:
    api_keys = {"project": emu.api_key, "other_project": emu.other_api_key, "invalid": "ak_invalidinvalid", "none": None}
    org_keys = {
        "org": emu.org_api_key,
        "readonly": emu.readonly_org_api_key,
        "other_org": emu.other_org_api_key,
        "invalid": "oak_invalidinvalid",
        "none": None,
    }
    kwargs: dict[str, Any] = {
        "api_key": api_keys[spec.get("api_key", "project")],
        "org_api_key": org_keys[spec.get("org_api_key", "org")],
        "base_url": emu.base_url,
    }
    if "auth_scheme" in spec:
        kwargs["auth_scheme"] = spec["auth_scheme"]
    if "max_retries" in spec:
        kwargs["max_retries"] = spec["max_retries"]
    if "timeout_ms" in spec:
        kwargs["timeout"] = spec["timeout_ms"] / 1000
    return kwargs


def resolve(client: Any, operation: str, args: dict[str, Any]) -> Any:
    """The bound method and its arguments for an operation name: `tools.get` → client.tools.get(slug, ...)."""
    group, name = operation.split(".")
    method = getattr(getattr(client, group), name)
    args = dict(args)
    positional = [args.pop(key) for key in ("slug", "project_id", "name") if key in args]
    return method, positional, args


def to_json(result: Any) -> Any:
    return result.to_dict()


def lookup(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def check_ok(value: dict[str, Any], expect: dict[str, Any]) -> None:
    for path, want in expect.get("fields", {}).items():
        assert lookup(value, path) == want, path
    for path in expect.get("non_null", []):
        assert lookup(value, path) is not None, path
    items = len(value.get("items") or [])
    assert items >= expect.get("min_items", 0)
    assert items <= expect.get("max_items", 10**9)
    if expect.get("has_next_cursor"):
        assert value.get("next_cursor")
    assert len(value.get("api_keys") or []) >= expect.get("min_keys", 0)


def check_error(error: composio_rs.ComposioError, expect: dict[str, Any]) -> None:
    assert isinstance(error, ERROR_CLASSES[expect["error"]]), repr(error)
    assert error.kind == expect["error"]
    if "status" in expect:
        assert error.status_code == expect["status"]
    if "slug" in expect:
        assert error.slug == expect["slug"]
    if "code" in expect:
        assert error.code == expect["code"]
    if "request_id" in expect:
        assert error.request_id == expect["request_id"]
    if "message" in expect:
        assert error.message == expect["message"]
    if "message_contains" in expect:
        assert expect["message_contains"] in error.message
    if "retry_after_seconds" in expect:
        assert error.retry_after == expect["retry_after_seconds"]


def prepare(emu: Emulator, case: dict[str, Any]) -> dict[str, Any]:
    case = substitute(case, emu, unique("py"))
    emu.reset()
    if "fault" in case:
        emu.fault(case["fault"])
    return case


def verify(emu: Emulator, case: dict[str, Any], result: Any, error: Any) -> None:
    expect = case["expect"]
    if expect.get("ok"):
        assert error is None, repr(error)
        check_ok(to_json(result), expect)
    else:
        assert error is not None, f"expected {expect['error']}, got {result!r}"
        check_error(error, expect)
    if "attempts" in expect:
        assert emu.count(expect["attempts_path"]) == expect["attempts"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_blocking(emulator: Emulator, case: dict[str, Any]) -> None:
    case = prepare(emulator, case)
    client = composio_rs.Composio(**client_kwargs(emulator, case.get("client", {})))
    method, positional, kwargs = resolve(client, case["operation"], case["args"])
    result, error = None, None
    try:
        result = method(*positional, **kwargs)
    except composio_rs.ComposioError as e:
        error = e
    verify(emulator, case, result, error)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_async(emulator: Emulator, case: dict[str, Any]) -> None:
    case = prepare(emulator, case)

    async def run() -> Any:
        client = composio_rs.AsyncComposio(**client_kwargs(emulator, case.get("client", {})))
        method, positional, kwargs = resolve(client, case["operation"], case["args"])
        return await method(*positional, **kwargs)

    result, error = None, None
    try:
        result = asyncio.run(run())
    except composio_rs.ComposioError as e:
        error = e
    verify(emulator, case, result, error)
