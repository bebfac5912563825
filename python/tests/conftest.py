"""Starts the emulator binary once per session and gives tests clients and its admin routes."""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

import composio_rs

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "cases" / "operations.json").read_text())
# Every error kind with its class and that class's ancestors, as api/errors.toml declares them.
ERROR_KINDS = json.loads((ROOT / "tests" / "cases" / "error_kinds.json").read_text())["kinds"]


def _emulator_binary() -> str:
    explicit = os.environ.get("COMPOSIO_EMULATOR_BIN")
    if explicit:
        return explicit
    for candidate in ("target/x86_64-unknown-linux-gnu/debug", "target/debug"):
        path = ROOT / candidate / "composio-emulator"
        if path.exists():
            return str(path)
    raise RuntimeError("build the emulator first: cargo build -p composio-emulator")


class Emulator:
    def __init__(self, info: dict[str, str]) -> None:
        self.info = info
        self.base_url: str = info["base_url"]
        self.api_key: str = info["api_key"]
        self.org_api_key: str = info["org_api_key"]
        self.readonly_org_api_key: str = info["readonly_org_api_key"]
        self.project_id: str = info["project_id"]
        self.other_project_id: str = info["other_project_id"]
        self.other_api_key: str = info["other_api_key"]
        self.other_org_api_key: str = info["other_org_api_key"]
        self.user_api_key: str = info["user_api_key"]

    def admin(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url.rstrip("/") + path, data=data, method=method)
        request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text else None

    def fault(self, fault: dict[str, Any]) -> None:
        self.admin("POST", "/_emulator/faults", fault)

    def reset(self) -> None:
        self.admin("POST", "/_emulator/reset", {})

    def count(self, route: str) -> int:
        return int(self.admin("GET", "/_emulator/counts").get(route, 0))

    def requests(self) -> list[dict[str, Any]]:
        return list(self.admin("GET", "/_emulator/requests"))

    def client_kwargs(self, **overrides: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"api_key": self.api_key, "org_api_key": self.org_api_key, "base_url": self.base_url}
        kwargs.update(overrides)
        return kwargs


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    # Started through the package's own test helper, so the helper is tested too. Installed-package runs
    # (scripts/dist/test-python.sh) set COMPOSIO_TEST_INSTALLED: the helper then finds the emulator the
    # `composio-rs[testing]` extra installed, not a binary of this checkout.
    from composio_rs.testing import Emulator as Running

    binary = None if os.environ.get("COMPOSIO_TEST_INSTALLED") else _emulator_binary()
    with Running(binary) as running:
        yield Emulator(running.info)


@pytest.fixture
def emu(emulator: Emulator) -> Emulator:
    emulator.reset()
    return emulator


@pytest.fixture
def client(emu: Emulator) -> composio_rs.Composio:
    return composio_rs.Composio(**emu.client_kwargs())


@pytest.fixture
def aclient(emu: Emulator) -> composio_rs.AsyncComposio:
    return composio_rs.AsyncComposio(**emu.client_kwargs())


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
