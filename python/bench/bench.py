"""Side-by-side benchmark of composio_rs against raw httpx, as ratios measured in one run.

    pip install httpx && (cd python && maturin develop --release) && python python/bench/bench.py

Starts the emulator binary (COMPOSIO_EMULATOR_BIN, else target/.../release or debug) on loopback. Numbers on
a noisy 2-core machine vary by tens of percent between runs; the ratios are what to compare.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
N_SEQUENTIAL = 300
N_CONCURRENT = 2000


def emulator() -> tuple[subprocess.Popen[str], dict[str, str]]:
    binary = os.environ.get("COMPOSIO_EMULATOR_BIN")
    for candidate in ("release", "debug"):
        path = ROOT / "target" / "x86_64-unknown-linux-gnu" / candidate / "composio-emulator"
        if not binary and path.exists():
            binary = str(path)
    assert binary, "build the emulator: cargo build --release -p composio-emulator"
    process = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def in_subprocess(code: str) -> float:
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    import httpx

    import composio_rs

    process, info = emulator()
    base, key = info["base_url"].rstrip("/"), info["api_key"]
    headers = {"x-api-key": key}
    rows: list[tuple[str, float, float, str]] = []
    try:
        ours_import = min(
            in_subprocess(
                "import time; t=time.perf_counter(); import composio_rs; "
                f"composio_rs.Composio(api_key={key!r}, base_url={base!r}); print(time.perf_counter()-t)"
            )
            for _ in range(5)
        )
        httpx_import = min(
            in_subprocess("import time; t=time.perf_counter(); import httpx; httpx.Client(); print(time.perf_counter()-t)")
            for _ in range(5)
        )
        rows.append(("import + construct (s)", ours_import, httpx_import, "target ≤ 0.030 s"))

        client = composio_rs.Composio(api_key=key, base_url=base)
        raw = httpx.Client(headers=headers)
        settings_url = f"{base}/api/v3/org/project/config"
        client.project_settings.get(), raw.get(settings_url).json()
        ours = percentiles(timed(lambda: client.project_settings.get(), N_SEQUENTIAL))
        theirs = percentiles(timed(lambda: raw.get(settings_url).json(), N_SEQUENTIAL))
        rows.append(("sequential GET p50 (s)", ours[0], theirs[0], "target ≤ 0.3×"))
        rows.append(("sequential GET p99 (s)", ours[1], theirs[1], ""))

        tools_url = f"{base}/api/v3.1/tools"
        ours_list = min(timed(lambda: client.tools.list(limit=1000), 10))
        theirs_list = min(timed(lambda: raw.get(tools_url, params={"limit": 1000}).json(), 10))
        rows.append(("1,000-tool list decoded (s)", ours_list, theirs_list, "target ≤ 0.5×"))

        async def ours_async() -> float:
            aclient = composio_rs.AsyncComposio(api_key=key, base_url=base)
            sem = asyncio.Semaphore(64)

            async def one() -> None:
                async with sem:
                    await aclient.project_settings.get()

            t = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(N_CONCURRENT)))
            return N_CONCURRENT / (time.perf_counter() - t)

        async def httpx_async() -> float:
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(headers=headers, limits=limits) as aclient:
                sem = asyncio.Semaphore(64)

                async def one() -> None:
                    async with sem:
                        (await aclient.get(settings_url)).json()

                t = time.perf_counter()
                await asyncio.gather(*(one() for _ in range(N_CONCURRENT)))
                return N_CONCURRENT / (time.perf_counter() - t)

        rows.append(("asyncio, 64 in flight (req/s)", asyncio.run(ours_async()), asyncio.run(httpx_async()), "target ≥ 5,000"))

        def threads(fn: Callable[[], Any]) -> float:
            with ThreadPoolExecutor(64) as pool:
                t = time.perf_counter()
                list(pool.map(lambda _: fn(), range(N_CONCURRENT)))
                return N_CONCURRENT / (time.perf_counter() - t)

        pooled = httpx.Client(headers=headers, limits=httpx.Limits(max_connections=64))
        rows.append(
            (
                "64 threads, blocking (req/s)",
                threads(lambda: client.project_settings.get()),
                threads(lambda: pooled.get(settings_url).json()),
                "target ≥ 5,000",
            )
        )

        rss = (
            "import resource, composio_rs; c=composio_rs.Composio(api_key={k!r}, base_url={b!r}); "
            "[c.tools.list(limit=1000) for _ in range(20)]; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
        )
        rss_httpx = (
            "import resource, httpx; c=httpx.Client(headers={{'x-api-key': {k!r}}}); "
            "[c.get({b!r}+'/api/v3.1/tools', params={{'limit': 1000}}).json() for _ in range(20)]; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
        )
        rows.append(
            (
                "peak RSS, 20 × 1,000-tool lists (MiB)",
                in_subprocess(rss.format(k=key, b=base)),
                in_subprocess(rss_httpx.format(k=key, b=base)),
                "",
            )
        )
    finally:
        process.terminate()

    print(f"{'measure':40} {'composio_rs':>12} {'httpx':>12} {'ratio':>7}  note")
    for name, ours_v, theirs_v, note in rows:
        print(f"{name:40} {ours_v:12.5g} {theirs_v:12.5g} {ours_v / theirs_v:7.2f}  {note}")


if __name__ == "__main__":
    main()
