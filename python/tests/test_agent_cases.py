"""The shared agent cases (tests/cases/agent.json), blocking and asyncio, exactly as the Rust core runs them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Emulator

import composio_rs
from composio_rs import AsyncComposio, Composio

AGENT_CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "cases" / "agent.json").read_text())


def _with_files(case: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """A ``files: true`` case with ``{files}`` replaced by a fresh directory of the files the cases upload."""
    if case.get("files") is not True:
        return case
    root = tmp_path.resolve()
    (root / "allowed").mkdir()
    (root / "secret").mkdir()
    (root / "allowed" / "report.txt").write_text("quarterly numbers\n")
    (root / "secret" / "id_rsa").write_text("not a key\n")
    replaced: dict[str, Any] = json.loads(json.dumps(case).replace("{files}", str(root)))
    return replaced


def _kwargs(options: dict[str, Any]) -> dict[str, Any]:
    # Cases spell options as the core's JSON; Python takes the same names as keywords.
    return dict(options)


def _run_sync(emulator: Emulator, case: dict[str, Any]) -> dict[str, Any]:
    if "definition" in case:
        d = case["definition"]
        return {"definition": composio_rs.tool_definition(d["tool"], d["format"], strict=d["strict"])}
    client = Composio(**emulator.client_kwargs())
    ts = client.toolset(**_kwargs(case["toolset"]))
    out: dict[str, Any] = {
        "count": len(ts),
        "definitions": ts.definitions,
        "names": [t["name"] for t in ts.tools],
        "json_schemas": ts.json_schemas,
    }
    if "handle" in case:
        out["outputs"] = ts.handle(case["handle"])
    if "execute" in case:
        out["result"] = ts.execute(case["execute"]["name"], case["execute"]["arguments"])
    return out


async def _run_async(emulator: Emulator, case: dict[str, Any]) -> dict[str, Any]:
    client = AsyncComposio(**emulator.client_kwargs())
    ts = await client.toolset(**_kwargs(case["toolset"]))
    out: dict[str, Any] = {
        "count": len(ts),
        "definitions": ts.definitions,
        "names": [t["name"] for t in ts.tools],
        "json_schemas": ts.json_schemas,
    }
    if "handle" in case:
        out["outputs"] = await ts.handle(case["handle"])
    if "execute" in case:
        out["result"] = await ts.execute(case["execute"]["name"], case["execute"]["arguments"])
    return out


def _check(case: dict[str, Any], run: Any) -> None:
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(composio_rs.ComposioError) as raised:
            run()
        err: Any = raised.value
        assert err.kind == expect["error"], err
        if "message_contains" in expect:
            assert expect["message_contains"] in str(err)
        return
    actual = run()
    for key, want in expect.items():
        assert actual[key] == want, f"{case['name']}: {key}"


def _unknown_option(case: dict[str, Any]) -> bool:
    # Python refuses an unknown keyword itself (a TypeError), before the core sees it.
    return "toolkit" in case.get("toolset", {})


@pytest.mark.parametrize("case", AGENT_CASES, ids=[c["name"] for c in AGENT_CASES])
def test_agent_case_blocking(emulator: Emulator, case: dict[str, Any], tmp_path: Path) -> None:
    case = _with_files(case, tmp_path)
    if _unknown_option(case):
        with pytest.raises(TypeError):
            Composio(**emulator.client_kwargs()).toolset(**case["toolset"])
        return
    emulator.reset()
    if "fault" in case:
        emulator.fault(case["fault"])
    _check(case, lambda: _run_sync(emulator, case))


TOOLSET_CASES = [c for c in AGENT_CASES if "toolset" in c and not _unknown_option(c)]


@pytest.mark.parametrize("case", TOOLSET_CASES, ids=[c["name"] for c in TOOLSET_CASES])
def test_agent_case_asyncio(emulator: Emulator, case: dict[str, Any], tmp_path: Path) -> None:
    case = _with_files(case, tmp_path)
    emulator.reset()
    if "fault" in case:
        emulator.fault(case["fault"])
    _check(case, lambda: asyncio.run(_run_async(emulator, case)))
