"""The Composio API emulator for your own tests (offline, on 127.0.0.1), stripe-mock style.

    from composio_rs.testing import Emulator

    with Emulator() as emu:
        client = emu.client()            # a Composio client for it (emu.async_client() for AsyncComposio)
        client.tools.list(toolkit_slug="github")

or, with pytest, in a conftest.py:

    from composio_rs.testing import composio_emulator  # noqa: F401  (the fixture)

    def test_tools(composio_emulator):
        assert composio_emulator.client().tools.get("GITHUB_CREATE_ISSUE").slug == "GITHUB_CREATE_ISSUE"

The emulator is a separate package (its binary is several MB): ``pip install "composio-rs[testing]"``. The
binary is found through ``COMPOSIO_EMULATOR_BIN``, else the ``composio-emulator`` command that package installs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any, Iterator, Optional

from ._async_client import AsyncComposio
from ._client import Composio

__all__ = ["Emulator", "EmulatorNotInstalled", "composio_emulator", "find_emulator"]


class EmulatorNotInstalled(RuntimeError):
    """The emulator binary is not installed."""


def find_emulator() -> str:
    """The path of the emulator binary."""
    explicit = os.environ.get("COMPOSIO_EMULATOR_BIN")
    if explicit:
        return explicit
    # The scripts directory of this interpreter first (a venv not activated has it off PATH).
    scripts = Path(sysconfig.get_path("scripts")) / "composio-emulator"
    if scripts.exists():
        return str(scripts)
    beside = Path(sys.executable).parent / "composio-emulator"
    if beside.exists():
        return str(beside)
    found = shutil.which("composio-emulator")
    if found:
        return found
    raise EmulatorNotInstalled(
        'the Composio emulator is not installed: pip install "composio-rs[testing]" '
        "(or set COMPOSIO_EMULATOR_BIN to its binary)"
    )


class Emulator:
    """A running emulator: ``base_url``, ``api_key`` (project), ``org_api_key``, ``project_id`` and the rest
    of what it printed at start in ``info``. Stops on ``stop()``, at the end of a ``with`` block, or when
    this process exits."""

    def __init__(self, binary: Optional[str] = None) -> None:
        self._process = subprocess.Popen(
            [binary or find_emulator(), "--port", "0"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.wait(timeout=10)
            raise RuntimeError(f"the emulator exited before it was ready (exit code {code})")
        self.info: dict[str, Any] = json.loads(line)
        self.base_url: str = self.info["base_url"]
        self.api_key: str = self.info["api_key"]
        self.org_api_key: str = self.info["org_api_key"]
        self.project_id: str = self.info["project_id"]
        self.user_api_key: str = self.info["user_api_key"]

    def client(self, **options: Any) -> Composio:
        """A ``Composio`` client for this emulator (project and organization keys set)."""
        return Composio(**{**self.client_options(), **options})

    def async_client(self, **options: Any) -> AsyncComposio:
        return AsyncComposio(**{**self.client_options(), **options})

    def client_options(self) -> dict[str, Any]:
        return {"api_key": self.api_key, "org_api_key": self.org_api_key, "base_url": self.base_url}

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:
        try:
            self.stop()
        except Exception:  # noqa: BLE001 (interpreter shutdown)
            pass

    def __repr__(self) -> str:
        return f"Emulator(base_url={self.base_url!r})"


try:
    import pytest as _pytest
except ImportError:  # pytest is optional
    _pytest = None  # type: ignore[assignment]

if _pytest is not None:

    @_pytest.fixture(scope="session")
    def composio_emulator() -> Iterator[Emulator]:
        """A pytest fixture: one emulator for the test session."""
        with Emulator() as emu:
            yield emu

else:  # pragma: no cover

    def composio_emulator() -> Iterator[Emulator]:
        raise RuntimeError("the composio_emulator fixture needs pytest")
