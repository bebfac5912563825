"""The shared live-event cases (tests/cases/realtime.json): blocking (an iterator, ``run(callback)``) and asyncio
(``async for``, an async callback), as the Rust core runs them."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any, Optional

import pytest
from conftest import ROOT, Emulator
from test_shared_cases import check_error

import composio_rs

REALTIME_CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "cases" / "realtime.json").read_text())


def _wait_subscribed(emu: Emulator, want: int) -> None:
    deadline = time.monotonic() + 15
    while emu.admin("GET", "/_emulator/realtime")["subscribed"] != want:
        assert time.monotonic() < deadline, f"no {want} subscribed sockets"
        time.sleep(0.02)


def _substitute(value: Any, saved: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return saved.get(value[1:], value)
    if isinstance(value, dict):
        return {k: _substitute(v, saved) for k, v in value.items()}
    return value


def _check_events(events: list[composio_rs.WebhookEvent], expect: dict[str, Any], where: str) -> None:
    assert [e.data.get("n") for e in events] == expect["n"], where
    if "large" in expect:
        lengths = [len(e.data["large"]) if "large" in e.data else None for e in events]
        assert lengths == expect["large"], where
    if "trigger_id" in expect:
        assert all(e.metadata and e.metadata.trigger_id == expect["trigger_id"] for e in events), where
    if "user_id" in expect:
        assert all(e.metadata and e.metadata.user_id == expect["user_id"] for e in events), where
    if "type" in expect:
        assert all(e.type == expect["type"] for e in events), where
    if "distinct_ids" in expect:
        assert len({e.webhook_id for e in events}) == expect["distinct_ids"], where


def _fire(emu: Emulator, step: dict[str, Any], where: str) -> None:
    data = dict(step["data"])
    if "large" in step:
        data["large"] = "x" * step["large"]
    fired = emu.admin("POST", f"/_emulator/triggers/{step['fire']}/fire", {"data": data})
    if "expect_realtime" in step:
        assert fired["realtime"] == step["expect_realtime"], where


def _shared_step(emu: Emulator, client: composio_rs.Composio, step: dict[str, Any], saved: dict[str, Any], where: str) -> bool:
    """The steps that are the same in both forms; False for the ones each form runs its own way."""
    if "trigger" in step:
        made = client.triggers.upsert(step["trigger"], user_id="user-1", trigger_config={"owner": "acme", "repo": "live"})
        saved[step["save"]] = made.trigger_id
    elif "fire" in step:
        _fire(emu, step, where)
    elif "drop" in step:
        assert emu.admin("POST", "/_emulator/realtime/drop", {})["dropped"] == step["drop"], where
    elif "wait_subscribed" in step:
        _wait_subscribed(emu, step["wait_subscribed"])
    elif "fault" in step:
        emu.fault(step["fault"])
    else:
        return False
    return True


def _subscribe_error(step: dict[str, Any], error: Optional[composio_rs.ComposioError], started: float, where: str) -> None:
    expect = step.get("expect", {})
    if "error" not in expect:
        assert error is None, f"{where}: {error!r}"
        return
    assert error is not None, f"{where}: expected a {expect['error']} error"
    check_error(error, expect)
    assert time.monotonic() - started < 10, f"{where}: slow"


def _stopping_callback(events: Any, after: int, asynchronous: bool = False) -> tuple[list[Any], Any]:
    """A callback that keeps each event and stops its own subscription at the ``after``-th (a coroutine function
    when ``asynchronous``), and the list it keeps them in."""
    got: list[Any] = []

    def on_event(event: Any) -> None:
        got.append(event)
        if len(got) == after:
            events.stop()

    async def on_event_async(event: Any) -> None:
        on_event(event)

    return got, on_event_async if asynchronous else on_event


def _begin(emu: Emulator) -> None:
    # Every case starts with no socket open, so the counts it waits for are its own.
    emu.admin("POST", "/_emulator/realtime/drop", {})
    _wait_subscribed(emu, 0)


@pytest.mark.parametrize("case", REALTIME_CASES, ids=[c["name"] for c in REALTIME_CASES])
def test_realtime_case_blocking(emu: Emulator, client: composio_rs.Composio, case: dict[str, Any]) -> None:
    _begin(emu)
    opened: list[Any] = []
    try:
        _run_blocking(emu, client, case, opened)
    finally:
        for subscription in opened:  # a failed case leaves no socket behind for the next one
            subscription.stop()


def _run_blocking(emu: Emulator, client: composio_rs.Composio, case: dict[str, Any], opened: list[Any]) -> None:
    saved: dict[str, Any] = {}
    events: Any = None
    for index, raw in enumerate(case["steps"]):
        step, where = _substitute(raw, saved), f"{case['name']} #{index}"
        if _shared_step(emu, client, step, saved, where):
            continue
        if "subscribe" in step:
            started, error = time.monotonic(), None
            try:
                events = client.triggers.subscribe(**step["subscribe"])
                opened.append(events)
            except composio_rs.ComposioError as e:
                error = e
            _subscribe_error(step, error, started, where)
        elif "receive" in step:
            _check_events([next(events) for _ in range(step["receive"])], step["expect"], where)
        elif "stop" in step:
            events.stop()
            assert list(events) == [], where
        elif "stop_in_callback_after" in step:
            got, on_event = _stopping_callback(events, step["stop_in_callback_after"])
            events.run(on_event)
            _check_events(got, step["expect"], where)
        else:
            raise AssertionError(f"{where}: unknown step {step}")


@pytest.mark.parametrize("case", REALTIME_CASES, ids=[c["name"] for c in REALTIME_CASES])
def test_realtime_case_asyncio(emu: Emulator, client: composio_rs.Composio, case: dict[str, Any]) -> None:
    aclient = composio_rs.AsyncComposio(**emu.client_kwargs())

    opened: list[Any] = []

    async def scenario() -> None:
        try:
            await steps()
        finally:
            for subscription in opened:  # a failed case leaves no socket behind for the next one
                await subscription.__aexit__(None, None, None)

    async def steps() -> None:
        saved: dict[str, Any] = {}
        events: Any = None
        for index, raw in enumerate(case["steps"]):
            step, where = _substitute(raw, saved), f"{case['name']} #{index}"
            if await asyncio.to_thread(_shared_step, emu, client, step, saved, where):
                continue
            if "subscribe" in step:
                started, error = time.monotonic(), None
                try:
                    events = await aclient.triggers.subscribe(**step["subscribe"]).__aenter__()
                    opened.append(events)
                except composio_rs.ComposioError as e:
                    error = e
                _subscribe_error(step, error, started, where)
            elif "receive" in step:
                got = [await events.__anext__() for _ in range(step["receive"])]
                _check_events(got, step["expect"], where)
            elif "stop" in step:
                events.stop()
                assert [e async for e in events] == [], where
            elif "stop_in_callback_after" in step:
                seen, on_event = _stopping_callback(events, step["stop_in_callback_after"], asynchronous=True)
                await events.run(on_event)
                _check_events(seen, step["expect"], where)
            else:
                raise AssertionError(f"{where}: unknown step {step}")

    _begin(emu)
    asyncio.run(scenario())
