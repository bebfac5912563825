"""Runtime behaviour: the GIL is released, Ctrl-C interrupts, fork works, cancellation cancels."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Emulator

import composio_rs


def wait_until(condition: "object", limit: float = 10.0) -> None:
    """Polls an observable condition (not a sleep standing in for one)."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_blocking_calls_release_the_gil(emu: Emulator, client: composio_rs.Composio) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "delay_ms": 400})
    ticks = 0
    stop = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        before = ticks
        client.tools.list(limit=1)
        during = ticks - before
    finally:
        stop.set()
        thread.join()
    assert during > 20, f"the ticker thread advanced only {during} times during a 400 ms call"


def test_one_client_shared_by_many_threads(emu: Emulator, client: composio_rs.Composio) -> None:
    with ThreadPoolExecutor(16) as pool:
        names = list(pool.map(lambda _: client.project_settings.get().display_name, range(64)))
    assert names == ["default"] * 64
    assert emu.count("GET /api/v3/org/project/config") == 64


CTRL_C_CHILD = """
import sys, time, composio_rs
client = composio_rs.Composio(api_key=sys.argv[1], base_url=sys.argv[2], max_retries=0)
print("calling", flush=True)
started = time.monotonic()
try:
    client.tools.list()
except KeyboardInterrupt:
    print("interrupted after %.3f s" % (time.monotonic() - started), flush=True)
    sys.exit(0)
print("not interrupted", flush=True)
sys.exit(1)
"""


def test_ctrl_c_interrupts_a_blocking_call(emu: Emulator) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "delay_ms": 30000})
    child = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_CHILD, emu.api_key, emu.base_url], stdout=subprocess.PIPE, text=True
    )
    try:
        wait_until(lambda: emu.count("GET /api/v3.1/tools") == 1)  # the request is in flight
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=10)
        waited = time.monotonic() - sent
    finally:
        child.kill()
    assert child.returncode == 0, out
    assert "interrupted" in out
    assert waited < 5, "Ctrl-C must not wait for the 30 s response"


def test_a_forked_child_can_build_and_use_a_client(emu: Emulator, client: composio_rs.Composio) -> None:
    client.project_settings.get()  # the parent's runtime is running before the fork
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            child = composio_rs.Composio(**emu.client_kwargs())
            code = 0 if child.project_settings.get().display_name == "default" else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.project_settings.get().display_name == "default"


def test_cancelling_a_task_cancels_the_request(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    # Two slow answers: one for the cancelled task, one for the wait_for timeout.
    emu.fault({"path": "/api/v3.1/tools", "count": 2, "delay_ms": 30000})

    async def run() -> None:
        task = asyncio.ensure_future(aclient.tools.list())
        while emu.count("GET /api/v3.1/tools") == 0:  # wait until the request reached the server
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(aclient.tools.list(), timeout=0.1)
        # The client still works after cancellations.
        assert (await aclient.project_settings.get()).display_name == "default"

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 20, "a cancelled request must not be awaited to the end"


def test_cancelling_wait_for_connection_stops_it(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    # ca_default_2 stays INITIATED: uncancelled, the wait would poll for its default 60 s.
    route = "GET /api/v3.1/connected_accounts/ca_default_2"

    async def run() -> None:
        task = asyncio.ensure_future(aclient.connected_accounts.wait_for_connection("ca_default_2"))
        while emu.count(route) < 2:  # polling has begun
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    started = time.monotonic()
    asyncio.run(run())
    assert time.monotonic() - started < 20, "a cancelled wait must not run to its timeout"


def test_many_concurrent_async_calls(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    async def run() -> list[str]:
        results = await asyncio.gather(*(aclient.project_settings.get() for _ in range(64)))
        return [r.display_name or "" for r in results]

    assert asyncio.run(run()) == ["default"] * 64


def test_no_event_loop_noise_when_the_loop_closes_first(emu: Emulator, aclient: composio_rs.AsyncComposio) -> None:
    emu.fault({"path": "/api/v3.1/tools", "count": 1, "delay_ms": 300})
    script = f"""
import asyncio, composio_rs
client = composio_rs.AsyncComposio(api_key={emu.api_key!r}, base_url={emu.base_url!r})
async def main():
    asyncio.ensure_future(client.tools.list())
    await asyncio.sleep(0)
asyncio.run(main())
import time; time.sleep(0.6)
print("done")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert result.returncode == 0 and result.stdout.strip() == "done"
    assert "Event loop is closed" not in result.stderr and "Traceback" not in result.stderr, result.stderr
