#!/usr/bin/env bash
# Python: build the extension (debug, sharing the cargo target dir) into a virtualenv, then lint, type-check
# and run pytest against the emulator binary, which the session fixture starts.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
. .venv/bin/activate
pip install -q --disable-pip-version-check "maturin==1.16.0" "pytest>=8" "mypy>=1.10" "ruff>=0.6"
cargo build -q -p composio-emulator --bin composio-emulator
(cd python && maturin develop -q)
cd python

ruff check composio_rs tests
mypy --strict composio_rs tests/typecheck_sample.py
python -m mypy.stubtest composio_rs._native --ignore-missing-stub
python -m pytest -q tests
