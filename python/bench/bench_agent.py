"""The agent layer's benchmark, as ratios measured in one run against one emulator: building a 1,000-tool toolset in
each format next to the official `composio` 0.30 SDK's `tools.get` for the same tools, and `handle` of 8 parallel
calls whose executes each take 200 ms, next to one such call and to the official SDK's `handle_tool_calls`.

    python3 -m venv .venv-bench && .venv-bench/bin/pip install composio==0.30.0 maturin==1.16.0
    (cd python && VIRTUAL_ENV=../.venv-bench ../.venv-bench/bin/maturin develop --release)
    cargo build --release -p composio-emulator && .venv-bench/bin/python python/bench/bench_agent.py

Interleaved rounds, medians. Numbers on a noisy 2-core machine vary by tens of percent; compare the ratios.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 7
# Alphabetical, so "the first 1,000" is the same set for both clients (the emulator sorts by toolkit, then slug).
TOOLKITS = ["asana", "discord", "github", "gmail", "googlecalendar", "googledrive", "hubspot", "jira", "linear",
            "slack", "trello"]
FORMATS = ["openai", "openai_responses", "anthropic", "gemini", "mcp"]
DELAY_MS = 200


def emulator() -> tuple[subprocess.Popen[str], dict[str, str]]:
    binary = os.environ.get("COMPOSIO_EMULATOR_BIN")
    for candidate in ("release", "debug"):
        path = ROOT / "target" / "x86_64-unknown-linux-gnu" / candidate / "composio-emulator"
        if not binary and path.exists():
            binary = str(path)
    assert binary, "build the emulator: cargo build --release -p composio-emulator"
    process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    info["binary"] = binary
    return process, info


def admin(info: dict[str, str], path: str, body: Any) -> None:
    request = urllib.request.Request(info["base_url"].rstrip("/") + path, data=json.dumps(body).encode(), method="POST")
    request.add_header("content-type", "application/json")
    urllib.request.urlopen(request).read()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def completion(n: int) -> dict[str, Any]:
    calls = [{"id": f"call_{i}", "type": "function", "function": {"name": "GITHUB_CREATE_ISSUE",
              "arguments": json.dumps({"owner": "acme", "repo": "app", "title": f"issue {i}"})}} for i in range(n)]
    return {"id": "c", "object": "chat.completion", "created": 1, "model": "scripted", "choices": [
        {"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": calls}}]}


def main() -> None:
    process, info = emulator()
    os.environ.setdefault("COMPOSIO_CACHE_DIR", "/tmp/composio-bench-cache")
    import composio_rs
    from composio import Composio as Official

    ours = composio_rs.Composio(api_key=info["api_key"], base_url=info["base_url"])
    official = Official(api_key=info["api_key"], base_url=info["base_url"], toolkit_versions={"github": "20251020_00"})
    build: dict[str, list[float]] = {f: [] for f in ["official"] + FORMATS}
    counts: dict[str, int] = {}
    for _ in range(ROUNDS):
        d, tools = timed(lambda: official.tools.get(user_id="user-1", toolkits=TOOLKITS, limit=1000))
        build["official"].append(d)
        counts["official"] = len(tools)
        for fmt in FORMATS:
            d, ts = timed(lambda: ours.toolset(user_id="user-1", toolkits=TOOLKITS, limit=1000, format=fmt).definitions)
            build[fmt].append(d)
            counts[fmt] = len(ts)

    path = "/api/v3.1/tools/execute/GITHUB_CREATE_ISSUE"
    handle: dict[str, list[float]] = {"ours, 1 call": [], "ours, 8 calls": [], "official, 8 calls": []}
    ts = ours.toolset(user_id="user-1", tools=["GITHUB_CREATE_ISSUE"])
    official_error = None
    for _ in range(3):
        for label, n in [("ours, 1 call", 1), ("ours, 8 calls", 8)]:
            admin(info, "/_emulator/faults", {"method": "POST", "path": path, "count": n, "delay_ms": DELAY_MS})
            d, out = timed(lambda: ts.handle(completion(n)))
            assert all(json.loads(m["content"])["successful"] for m in out), out
            handle[label].append(d)
        admin(info, "/_emulator/faults", {"method": "POST", "path": path, "count": 8, "delay_ms": DELAY_MS})
        try:
            from openai.types.chat import ChatCompletion

            response = ChatCompletion.model_validate(completion(8))
            d, _ = timed(lambda: official.provider.handle_tool_calls(response=response, user_id="user-1"))
            handle["official, 8 calls"].append(d)
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            official_error = f"{type(e).__name__}: {e}"
            admin(info, "/_emulator/reset", {})
    process.kill()

    med = {k: statistics.median(v) for k, v in build.items()}
    print(f"emulator: {info['binary']}; {ROUNDS} interleaved rounds, medians")
    print(f"build a toolset of the same tools (official tools.get: {counts['official']} tools)")
    print(f"  official composio 0.30 tools.get: {med['official'] * 1000:8.1f} ms")
    for fmt in FORMATS:
        print(f"  composio-rs toolset {fmt:17s} {med[fmt] * 1000:8.1f} ms  {med[fmt] / med['official']:.2f}x  ({counts[fmt]} tools)")
    one = statistics.median(handle["ours, 1 call"])
    eight = statistics.median(handle["ours, 8 calls"])
    print(f"handle, each execute {DELAY_MS} ms")
    print(f"  composio-rs, 1 call:  {one * 1000:7.1f} ms")
    print(f"  composio-rs, 8 calls: {eight * 1000:7.1f} ms  {eight / one:.2f}x one call")
    if handle["official, 8 calls"]:
        off = statistics.median(handle["official, 8 calls"])
        print(f"  official, 8 calls:    {off * 1000:7.1f} ms  {off / one:.2f}x one call of ours")
    else:
        print(f"  official, 8 calls: did not run: {official_error}")


if __name__ == "__main__":
    main()
