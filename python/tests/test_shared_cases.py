"""The cross-language cases of tests/cases/operations.json, in the blocking and the async form."""

from __future__ import annotations

import asyncio
import base64
import urllib.error
import urllib.request
from typing import Any, Awaitable, Callable

import pytest
from conftest import CASES, ERROR_KINDS, Emulator, unique

import composio_rs

ERROR_CLASSES = {row["kind"]: getattr(composio_rs, row["class"]) for row in ERROR_KINDS}


def test_every_error_kind_is_raised_as_its_class_under_its_ancestors() -> None:
    assert len(ERROR_CLASSES) == len(ERROR_KINDS)
    for row in ERROR_KINDS:
        chain = [c.__name__ for c in ERROR_CLASSES[row["kind"]].__mro__ if issubclass(c, composio_rs.ComposioError)]
        assert chain == [row["class"], *row["ancestors"]], row


def substitute(value: Any, emu: Emulator, suffix: str) -> Any:
    if isinstance(value, str):
        return (
            value.replace("$other_project_id", emu.other_project_id)
            .replace("$project_id", emu.project_id)
            .replace("$unique", suffix)
        )
    if isinstance(value, list):
        return [substitute(v, emu, suffix) for v in value]
    if isinstance(value, dict) and list(value) == ["duration_ms"]:
        return value["duration_ms"] / 1000  # a duration: seconds in Python
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
    if "user_api_key" in spec:
        kwargs["user_api_key"] = {"user": emu.user_api_key, "invalid": "uak_invalidinvalid"}[spec["user_api_key"]]
    if "user_scope" in spec:
        kwargs["org_id"] = emu.info["org_id"]
        kwargs["project_id"] = {"project": emu.project_id, "other_project": emu.other_project_id}[spec["user_scope"]]
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
    """A result as the checks read it: a list answer is checked as ``{"items": [...]}``."""
    if isinstance(result, (list, tuple)):
        return {"items": list(result)}
    return result.to_dict()


def lookup(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        else:
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


class WebhookReceiver:
    """A local HTTP server that answers every POST with 200 and keeps each request (headers, raw body)."""

    def __init__(self) -> None:
        import http.server
        import threading

        received: list[tuple[dict[str, str], bytes]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                received.append((dict(self.headers.items()), body))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.received = received
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/composio"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def contains(got: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and contains(got[k], v) for k, v in want.items())
    return bool(got == want)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def visit(url: str, put: str | None = None) -> int:
    """The end user's browser: a GET (or a PUT of `put`) with no credential, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=None if put is None else put.encode(), method="GET" if put is None else "PUT")
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def run_steps(emu: Emulator, case: dict[str, Any], call: Callable[[str, dict[str, Any]], Any]) -> None:
    """A case is one operation, or `steps` sharing the case's client and passing values on (`save`)."""
    saved: dict[str, Any] = {}
    receiver = None
    try:
        for number, step in enumerate(case.get("steps", [case]), 1):
            receiver = run_step(emu, with_saved(step, saved), number, saved, receiver, call)
    finally:
        if receiver is not None:
            receiver.close()


def run_step(
    emu: Emulator,
    step: dict[str, Any],
    number: int,
    saved: dict[str, Any],
    receiver: Any,
    call: Callable[[str, dict[str, Any]], Any],
) -> Any:
    if "webhook_receiver" in step:
        receiver = WebhookReceiver()
        saved[step["webhook_receiver"]] = receiver.url
        return receiver
    if "verify_webhook" in step:
        assert receiver is not None and receiver.received, f"step {number}: no webhook was received"
        headers, body = receiver.received[-1]
        expect = step["expect"]
        try:
            event = composio_rs.verify_webhook(body, headers, step["verify_webhook"]["secret"])
        except composio_rs.WebhookVerificationError as e:
            assert not expect.get("ok"), repr(e)
            check_error(e, expect)
            return receiver
        assert expect.get("ok"), f"expected {expect.get('error')}, got {event!r}"
        got = event.to_dict()
        for key, want in expect.items():
            if key != "ok":
                assert contains(got[key], want), f"step {number}: webhook {key}: {got[key]!r}"
        return receiver
    if "visit" in step:
        status = visit(step["visit"], step.get("put"))
        assert status == step.get("expect_status", status), f"step {number}: HTTP {status}"
        return receiver
    if "admin" in step:
        answer = emu.admin(step["admin"].get("method", "POST"), step["admin"]["path"], step["admin"].get("body"))
        for name, path in step.get("save", {}).items():
            saved[name] = lookup(answer, path)
        return receiver
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
    return receiver


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
