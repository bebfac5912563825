"""The two clients expose the same surface, and generated code is current."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import composio_rs

PYTHON_DIR = Path(__file__).resolve().parents[1]


def test_async_client_is_generated_from_the_blocking_one() -> None:
    check = subprocess.run([sys.executable, str(PYTHON_DIR / "scripts" / "gen_async.py"), "--check"])
    assert check.returncode == 0, "run python/scripts/gen_async.py and commit _async_client.py"


def test_sync_and_async_have_the_same_methods_and_signatures() -> None:
    pairs = [
        (composio_rs.Composio, composio_rs.AsyncComposio),
        (composio_rs.Tools, composio_rs.AsyncTools),
        (composio_rs.Toolkits, composio_rs.AsyncToolkits),
        (composio_rs.Projects, composio_rs.AsyncProjects),
        (composio_rs.ProjectSettingsResource, composio_rs.AsyncProjectSettingsResource),
    ]
    for sync_cls, async_cls in pairs:
        public = {n for n in dir(sync_cls) if not n.startswith("_")}
        assert public == {n for n in dir(async_cls) if not n.startswith("_")}, sync_cls
        for name in public:
            s, a = getattr(sync_cls, name), getattr(async_cls, name)
            if callable(s):
                assert list(inspect.signature(s).parameters) == list(inspect.signature(a).parameters), name


def test_every_core_operation_is_reachable() -> None:
    operations = set(composio_rs._native.core_version()["operations"])
    client = composio_rs.Composio(api_key="ak_unused123", base_url="http://127.0.0.1:9")
    for op in operations - {"request"}:
        group, name = op.split(".")
        assert callable(getattr(getattr(client, group), name)), op


def test_import_is_light() -> None:
    code = "import sys, composio_rs; print(len([m for m in sys.modules if m.startswith('asyncio')]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0", "importing composio_rs must not import asyncio"
