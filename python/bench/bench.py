"""Side-by-side benchmark of composio_rs against raw httpx / aiohttp (and composio-client when installed), as
ratios measured in one run, on real-sized tools (3.0–3.7 KB of JSON schema each; 1,000 tools are 3.3 MB).

    pip install httpx aiohttp composio-client && (cd python && maturin develop --release) \
        && cargo build --release -p composio-emulator && python python/bench/bench.py

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
ASYNC_ROUNDS = 5
N_BIG = 10


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

    try:
        import composio_client  # noqa: F401  (the official client, when installed)

        official = True
    except ImportError:
        official = False
    try:
        import aiohttp
    except ImportError:
        aiohttp = None

    # Bytecode as an installed wheel has it (pip compiles at install; a development install under
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module in each timed import).
    import compileall

    compileall.compile_dir(os.path.dirname(composio_rs.__file__), quiet=1)

    process, info = emulator()
    base, key = info["base_url"].rstrip("/"), info["api_key"]
    headers = {"x-api-key": key}
    rows: list[tuple[str, float, float, float | None, str]] = []
    tools_url = f"{base}/api/v3.1/tools"
    try:
        ours_import = min(
            in_subprocess(
                "import time; t=time.perf_counter(); import composio_rs; "
                f"composio_rs.Composio(api_key={key!r}, base_url={base!r}); print(time.perf_counter()-t)"
            )
            for _ in range(5)
        )
        ours_async_import = min(
            in_subprocess(
                "import time; t=time.perf_counter(); import composio_rs; "
                f"composio_rs.AsyncComposio(api_key={key!r}, base_url={base!r}); print(time.perf_counter()-t)"
            )
            for _ in range(5)
        )
        httpx_import = min(
            in_subprocess("import time; t=time.perf_counter(); import httpx; httpx.Client(); print(time.perf_counter()-t)")
            for _ in range(5)
        )
        off_import = (
            min(
                in_subprocess(
                    "import time; t=time.perf_counter(); import composio_client; "
                    f"composio_client.Composio(api_key={key!r}, base_url={base!r}); print(time.perf_counter()-t)"
                )
                for _ in range(3)
            )
            if official
            else None
        )
        rows.append(("import + construct, sync (s)", ours_import, httpx_import, off_import, "≤ 0.030 s"))
        rows.append(("import + construct, async (s)", ours_async_import, httpx_import, None, "≤ 0.030 s"))

        client = composio_rs.Composio(api_key=key, base_url=base)
        raw = httpx.Client(headers=headers)
        off = None
        if official:
            import composio_client

            off = composio_client.Composio(api_key=key, base_url=base)

        def small_ours() -> Any:
            return client.tools.list(toolkit_slug="github", limit=5)

        def small_raw() -> Any:
            return raw.get(tools_url, params={"toolkit_slug": "github", "limit": 5}).json()

        small_ours(), small_raw()
        ours = percentiles(timed(small_ours, N_SEQUENTIAL))
        theirs = percentiles(timed(small_raw, N_SEQUENTIAL))
        off_small = percentiles(timed(lambda: off.tools.list(toolkit_slug="github", limit=5), N_SEQUENTIAL)) if off else None
        rows.append(("5-tool page p50 (s)", ours[0], theirs[0], off_small and off_small[0], "≤ 0.5× httpx"))
        rows.append(("5-tool page p99 (s)", ours[1], theirs[1], off_small and off_small[1], ""))

        ours_list = min(timed(lambda: client.tools.list(limit=1000), N_BIG))
        theirs_list = min(timed(lambda: raw.get(tools_url, params={"limit": 1000}).json(), N_BIG))
        off_list = min(timed(lambda: off.tools.list(limit=1000), N_BIG)) if off else None
        rows.append(("1,000-tool page (s)", ours_list, theirs_list, off_list, "≤ 0.5× httpx + json.loads"))

        bad = composio_rs.Composio(api_key="ak_wrongwrongwrong", base_url=base, max_retries=0)
        bad_raw = httpx.Client(headers={"x-api-key": "ak_wrongwrongwrong"})

        def error_ours() -> None:
            try:
                bad.tools.list(limit=5)
            except composio_rs.AuthenticationError:
                pass

        def error_raw() -> None:
            response = bad_raw.get(tools_url, params={"limit": 5})
            assert response.status_code == 401
            response.json()

        error_ours(), error_raw()
        rows.append(
            (
                "401 error path p50 (s)",
                percentiles(timed(error_ours, N_SEQUENTIAL))[0],
                percentiles(timed(error_raw, N_SEQUENTIAL))[0],
                None,
                "keep ≤ 0.25×",
            )
        )

        async def ours_async() -> float:
            aclient = composio_rs.AsyncComposio(api_key=key, base_url=base)
            sem = asyncio.Semaphore(64)

            async def one() -> None:
                async with sem:
                    await aclient.tools.list(toolkit_slug="github", limit=5)

            t = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(N_CONCURRENT)))
            return N_CONCURRENT / (time.perf_counter() - t)

        async def aiohttp_async() -> float:
            assert aiohttp is not None
            connector = aiohttp.TCPConnector(limit=64)
            async with aiohttp.ClientSession(headers=headers, connector=connector) as session:
                sem = asyncio.Semaphore(64)

                async def one() -> None:
                    async with sem:
                        async with session.get(tools_url, params={"toolkit_slug": "github", "limit": "5"}) as r:
                            await r.json()

                t = time.perf_counter()
                await asyncio.gather(*(one() for _ in range(N_CONCURRENT)))
                return N_CONCURRENT / (time.perf_counter() - t)

        async def httpx_async() -> float:
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(headers=headers, limits=limits) as aclient:
                sem = asyncio.Semaphore(64)

                async def one() -> None:
                    async with sem:
                        (await aclient.get(tools_url, params={"toolkit_slug": "github", "limit": 5})).json()

                t = time.perf_counter()
                await asyncio.gather(*(one() for _ in range(N_CONCURRENT)))
                return N_CONCURRENT / (time.perf_counter() - t)

        # Interleaved rounds, medians: on a small machine throughput drifts by tens of percent within a minute.
        ours_rounds, baseline_rounds = [], []
        for _ in range(ASYNC_ROUNDS):
            baseline_rounds.append(asyncio.run(aiohttp_async() if aiohttp else httpx_async()))
            ours_rounds.append(asyncio.run(ours_async()))
        rows.append(
            (
                f"asyncio, 64 in flight (req/s, vs {'aiohttp' if aiohttp else 'httpx'}; median of {ASYNC_ROUNDS})",
                statistics.median(ours_rounds),
                statistics.median(baseline_rounds),
                None,
                "≥ 2× aiohttp",
            )
        )

        def threads(fn: Callable[[], Any]) -> float:
            with ThreadPoolExecutor(64) as pool:
                t = time.perf_counter()
                list(pool.map(lambda _: fn(), range(N_CONCURRENT)))
                return N_CONCURRENT / (time.perf_counter() - t)

        pooled = httpx.Client(headers=headers, limits=httpx.Limits(max_connections=64))
        rows.append(
            (
                "64 threads, blocking (req/s)",
                threads(small_ours),
                threads(lambda: pooled.get(tools_url, params={"toolkit_slug": "github", "limit": 5}).json()),
                None,
                "≥ 3× httpx",
            )
        )

        # Peak RSS from VmHWM: ru_maxrss would carry the parent's peak across fork + exec on Linux.
        peak = "print(int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]) / 1024)"
        rss = (
            "import composio_rs; c=composio_rs.Composio(api_key={k!r}, base_url={b!r}); "
            "[c.tools.list(limit=1000) for _ in range(20)]; " + peak
        )
        rss_httpx = (
            "import httpx; c=httpx.Client(headers={{'x-api-key': {k!r}}}); "
            "[c.get({b!r}+'/api/v3.1/tools', params={{'limit': 1000}}).json() for _ in range(20)]; " + peak
        )
        rss_official = (
            "import composio_client; c=composio_client.Composio(api_key={k!r}, base_url={b!r}); "
            "[c.tools.list(limit=1000) for _ in range(20)]; " + peak
        )
        rows.append(
            (
                "peak RSS, 20 × 1,000-tool pages (MiB)",
                in_subprocess(rss.format(k=key, b=base)),
                in_subprocess(rss_httpx.format(k=key, b=base)),
                in_subprocess(rss_official.format(k=key, b=base)) if official else None,
                "≤ 0.5× composio-client",
            )
        )
    finally:
        process.terminate()

    print(f"{'measure':52} {'composio_rs':>12} {'raw':>12} {'ratio':>7} {'official':>12} {'ratio':>7}  target")
    for name, ours_v, theirs_v, off_v, note in rows:
        off_text = f"{off_v:12.5g} {ours_v / off_v:7.2f}" if off_v else f"{'–':>12} {'':>7}"
        print(f"{name:52} {ours_v:12.5g} {theirs_v:12.5g} {ours_v / theirs_v:7.2f} {off_text}  {note}")


if __name__ == "__main__":
    main()
