"""The shared session flows (tests/cases/sessions.json), blocking and asyncio, as the Rust core runs them, plus the
Python surface of sessions (modifiers seeing the session id, the MCP headers kept out of repr)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Optional

import pytest
from conftest import ROOT, Emulator, unique
from test_shared_cases import check_error

import composio_rs
from composio_rs import AsyncComposio, Composio

SESSION_CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "cases" / "sessions.json").read_text())


def _substitute(value: Any, emu: Emulator, suffix: str, saved: dict[str, Any]) -> Any:
    if isinstance(value, str):
        if value.startswith("$") and value[1:] in saved:
            return saved[value[1:]]
        return value.replace("$unique", suffix).replace("$api_key", emu.api_key)
    if isinstance(value, list):
        return [_substitute(v, emu, suffix, saved) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, emu, suffix, saved) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    return value.to_dict() if isinstance(value, composio_rs.Model) else value


def _readable(outputs: list[Any]) -> list[Any]:
    """Tool messages with their content read as JSON, as the model reads it."""
    read = []
    for message in outputs:
        message = dict(message)
        if isinstance(message.get("content"), str):
            try:
                message["content"] = json.loads(message["content"])
            except ValueError:
                pass
        read.append(message)
    return read


def _lookup(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _check(got: Any, error: Optional[composio_rs.ComposioError], expect: dict[str, Any], where: str) -> None:
    if "error" in expect:
        assert error is not None, f"{where}: expected a {expect['error']} error, got {got!r}"
        check_error(error, expect)
        return
    assert error is None, f"{where}: expected success, got {error!r}"
    for path, want in expect.get("fields", {}).items():
        assert _lookup(got, path) == want, f"{where}: {path}: expected {want!r}, got {_lookup(got, path)!r}"
    for path, words in expect.get("contains", {}).items():
        assert words in (_lookup(got, path) or ""), f"{where}: {path}: expected {words!r} in {_lookup(got, path)!r}"
    for path in expect.get("non_null", []):
        assert _lookup(got, path) is not None, f"{where}: {path} is null"


def _visit(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def _toolset_answer(ts: Any) -> dict[str, Any]:
    names = [t["name"] for t in ts.tools]
    return {"names": names, "count": len(names), "definitions": ts.definitions}


class _Flow:
    def __init__(self) -> None:
        self.session: Any = None
        self.toolset: Any = None
        self.link: Any = None


def _run_sync(client: Composio, flow: _Flow, kind: str, args: dict[str, Any], tmp: Path) -> Any:
    session = flow.session
    if kind == "create":
        flow.session = client.sessions.create(**args)
        return flow.session.info.to_dict()
    if kind == "get":
        return client.sessions.get(session.id).info.to_dict()
    if kind == "update":
        return session.update(**args).info.to_dict()
    if kind == "toolset":
        flow.toolset = session.toolset(**args)
        return _toolset_answer(flow.toolset)
    if kind == "handle":
        return _readable(flow.toolset.handle(args))
    if kind == "execute":
        return _plain(session.execute(args["tool_slug"], args.get("arguments")))
    if kind == "execute_meta":
        return _plain(session.execute_meta(args["slug"], args.get("arguments")))
    if kind == "search":
        return _plain(session.search(**args))
    if kind == "authorize":
        flow.link = session.authorize(**args)
        return _plain(flow.link)
    if kind == "wait_for_connection":
        return _plain(flow.link.wait_for_connection(timeout=args["timeout_ms"] / 1000))
    if kind == "toolkits":
        found = session.toolkits(**args)
        return {"count": len(found), "items": [t.to_dict() for t in found]}
    if kind == "mcp":
        mcp = session.mcp
        return {"type": mcp.type, "url": mcp.url, "headers": mcp.headers}
    if kind == "upload_file":
        return _plain(session.files.upload(args["mount_relative_path"], _upload_source(args, tmp)))
    if kind == "list_files":
        found = session.files.list(args.get("prefix"))
        return {"count": len(found), "items": [f.to_dict() for f in found]}
    if kind == "download_file":
        target = tmp / "downloaded"
        answer = _plain(session.files.download(args["mount_relative_path"], target))
        return {**answer, "content_text": target.read_text()}
    if kind == "delete_file":
        return _plain(session.files.delete(args["mount_relative_path"]))
    if kind == "delete":
        return _plain(session.delete())
    raise AssertionError(f"unknown session step {kind}")


async def _run_async(client: AsyncComposio, flow: _Flow, kind: str, args: dict[str, Any], tmp: Path) -> Any:
    session = flow.session
    if kind == "create":
        flow.session = await client.sessions.create(**args)
        return flow.session.info.to_dict()
    if kind == "get":
        return (await client.sessions.get(session.id)).info.to_dict()
    if kind == "update":
        return (await session.update(**args)).info.to_dict()
    if kind == "toolset":
        flow.toolset = await session.toolset(**args)
        return _toolset_answer(flow.toolset)
    if kind == "handle":
        return _readable(await flow.toolset.handle(args))
    if kind == "execute":
        return _plain(await session.execute(args["tool_slug"], args.get("arguments")))
    if kind == "execute_meta":
        return _plain(await session.execute_meta(args["slug"], args.get("arguments")))
    if kind == "search":
        return _plain(await session.search(**args))
    if kind == "authorize":
        flow.link = await session.authorize(**args)
        return _plain(flow.link)
    if kind == "wait_for_connection":
        return _plain(await flow.link.wait_for_connection(timeout=args["timeout_ms"] / 1000))
    if kind == "toolkits":
        found = await session.toolkits(**args)
        return {"count": len(found), "items": [t.to_dict() for t in found]}
    if kind == "mcp":
        mcp = await session.mcp()
        return {"type": mcp.type, "url": mcp.url, "headers": mcp.headers}
    if kind == "upload_file":
        return _plain(await session.files.upload(args["mount_relative_path"], _upload_source(args, tmp)))
    if kind == "list_files":
        found = await session.files.list(args.get("prefix"))
        return {"count": len(found), "items": [f.to_dict() for f in found]}
    if kind == "download_file":
        target = tmp / "downloaded"
        answer = _plain(await session.files.download(args["mount_relative_path"], target))
        return {**answer, "content_text": target.read_text()}
    if kind == "delete_file":
        return _plain(await session.files.delete(args["mount_relative_path"]))
    if kind == "delete":
        return _plain(await session.delete())
    raise AssertionError(f"unknown session step {kind}")


def _upload_source(args: dict[str, Any], tmp: Path) -> Any:
    """Bytes, or a file holding ``from_file`` (a path, as os.PathLike)."""
    if "content_text" in args:
        return args["content_text"].encode()
    source = tmp / "source.txt"
    source.write_text(args["from_file"])
    return source


STEP_KINDS = ("upload_file", "list_files", "download_file", "delete_file", "create", "get", "update", "toolset", "handle", "execute", "execute_meta", "search", "authorize",
              "wait_for_connection", "toolkits", "mcp", "delete")  # fmt: skip


async def _run_case(emu: Emulator, case: dict[str, Any], blocking: bool, tmp: Path) -> None:
    flow, saved, suffix = _Flow(), {}, unique("s")
    sync_client = Composio(**emu.client_kwargs())
    async_client = AsyncComposio(**emu.client_kwargs())
    for index, raw in enumerate(case["steps"]):
        step = _substitute(raw, emu, suffix, saved)
        where = f"{case['name']} #{index}"
        if "visit" in step:
            assert _visit(step["visit"]) == step["expect_status"], where
            continue
        kind = next(k for k in STEP_KINDS if k in step)
        got, error = None, None
        try:
            if blocking:
                got = _run_sync(sync_client, flow, kind, step[kind], tmp)
            else:
                got = await _run_async(async_client, flow, kind, step[kind], tmp)
        except composio_rs.ComposioError as e:
            error = e
        _check(got, error, step.get("expect", {}), f"{where} {kind}")
        for name, path in step.get("save", {}).items():
            saved[name] = _lookup(got, path)


@pytest.mark.parametrize("case", SESSION_CASES, ids=[c["name"] for c in SESSION_CASES])
def test_session_case_blocking(emu: Emulator, case: dict[str, Any], tmp_path: Path) -> None:
    asyncio.run(_run_case(emu, case, blocking=True, tmp=tmp_path))


@pytest.mark.parametrize("case", SESSION_CASES, ids=[c["name"] for c in SESSION_CASES])
def test_session_case_asyncio(emu: Emulator, case: dict[str, Any], tmp_path: Path) -> None:
    asyncio.run(_run_case(emu, case, blocking=False, tmp=tmp_path))


def test_modifiers_of_a_session_see_its_id(client: Composio) -> None:
    session = client.sessions.create(unique("mod"), toolkits=["github"])
    seen: list[tuple[str, Any]] = []

    def remember(label: str) -> Any:
        def modify(tool: str, toolkit: Optional[str], value: dict[str, Any]) -> dict[str, Any]:
            seen.append((label, value.get("session_id")))
            if label == "after":
                value["data"] = {"redacted": True}
            return value

        return modify

    only = ["COMPOSIO_SEARCH_TOOLS"]
    modifiers = [
        composio_rs.schema_modifier(remember("schema"), tools=only),
        composio_rs.before_execute(remember("before"), tools=only),
        composio_rs.after_execute(remember("after"), tools=only),
    ]
    ts = session.toolset(modifiers=modifiers)
    result = ts.execute("COMPOSIO_SEARCH_TOOLS", {"query": "issue"})
    assert result["data"] == {"redacted": True}
    assert seen == [("schema", session.id), ("before", session.id), ("after", session.id)]


def test_session_mcp_keeps_the_key_out_of_repr(client: Composio, emu: Emulator) -> None:
    session = client.sessions.create(unique("mcp"), toolkits=["github"])
    assert emu.api_key not in repr(session.mcp)
    assert session.mcp.headers == {"x-api-key": emu.api_key}
    assert session.id in repr(session)

