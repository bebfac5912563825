"""The cross-language cases of tests/cases/operations.json, in the blocking and the async form."""

from __future__ import annotations

import asyncio
import base64
import urllib.error
import urllib.request
from typing import Any, Awaitable, Callable

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
    if "toolkit_versions" in spec:
        kwargs["toolkit_versions"] = spec["toolkit_versions"]
    return kwargs


# Arguments the cases give as base64 text (as the by-name dispatch carries bytes), passed here as bytes.
BYTES_ARGS = {"content"}


def resolve(client: Any, operation: str, args: dict[str, Any]) -> Any:
    """The bound method and its keyword arguments for an operation name: `tools.get` → client.tools.get(slug=...)."""
    group, name = operation.split(".")
    method = getattr(getattr(client, group), name)
    kwargs = {k: base64.b64decode(v) if k in BYTES_ARGS else v for k, v in args.items()}
    return method, [], kwargs


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


def with_saved(value: Any, saved: dict[str, Any]) -> Any:
    """`$name` of a value an earlier step saved, in every string of a step."""
    if isinstance(value, str):
        for name in sorted(saved, key=len, reverse=True):
            if isinstance(saved[name], str):
                value = value.replace(f"${name}", saved[name])
        return value
    if isinstance(value, list):
        return [with_saved(v, saved) for v in value]
    if isinstance(value, dict):
        return {k: with_saved(v, saved) for k, v in value.items()}
    return value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def visit(url: str) -> int:
    """The end user's browser: a GET with no credential, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def run_steps(emu: Emulator, case: dict[str, Any], call: Callable[[str, dict[str, Any]], Any]) -> None:
    """A case is one operation, or `steps` sharing the case's client and passing values on (`save`)."""
    saved: dict[str, Any] = {}
    for number, step in enumerate(case.get("steps", [case]), 1):
        step = with_saved(step, saved)
        if "visit" in step:
            status = visit(step["visit"])
            assert status == step.get("expect_status", status), f"step {number}: HTTP {status}"
            continue
        if "admin" in step:
            emu.admin(step["admin"].get("method", "POST"), step["admin"]["path"], step["admin"].get("body"))
            continue
        result, error = None, None
        try:
            result = call(step["operation"], step["args"])
        except composio_rs.ComposioError as e:
            error = e
        verify(emu, step, result, error)
        if result is not None:
            value = to_json(result)
            for name, path in step.get("save", {}).items():
                saved[name] = lookup(value, path)


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

    def call(operation: str, args: dict[str, Any]) -> Any:
        method, positional, kwargs = resolve(client, operation, args)
        return method(*positional, **kwargs)

    run_steps(emulator, case, call)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_async(emulator: Emulator, case: dict[str, Any]) -> None:
    case = prepare(emulator, case)

    async def make() -> composio_rs.AsyncComposio:
        return composio_rs.AsyncComposio(**client_kwargs(emulator, case.get("client", {})))

    # One event loop for the whole case, as an app would have.
    loop = asyncio.new_event_loop()
    try:
        client = loop.run_until_complete(make())

        def call(operation: str, args: dict[str, Any]) -> Any:
            method, positional, kwargs = resolve(client, operation, args)
            awaitable: Awaitable[Any] = method(*positional, **kwargs)
            return loop.run_until_complete(awaitable)

        run_steps(emulator, case, call)
    finally:
        loop.close()
