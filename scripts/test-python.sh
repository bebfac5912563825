#!/usr/bin/env bash
# Python: build the extension (debug, sharing the cargo target dir) into a virtualenv, then lint, type-check
# and run pytest against the emulator binary, which the session fixture starts.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
. .venv/bin/activate
# uv installs what pip would (the same versions), in seconds rather than a minute on a fresh machine.
pip install -q --disable-pip-version-check "uv==0.9.30"
install() { uv pip install -q --prerelease=if-necessary-or-explicit "$@"; }
install "maturin==1.16.0" "pytest>=8" "mypy>=1.10" "ruff>=0.6"
# The providers' own SDKs: the agent layer's definitions and messages are checked against their types, and whole
# loops run through their clients (pinned, so a new SDK release cannot change a result unnoticed).
install "openai==3.57.0" "anthropic==2.16.0" "google-genai==3.6.1" "pydantic>=2.7" \
  "langchain-core==1.8.3" "langchain-protocol==0.0.20" "openai-agents==0.24.0"
# The official SDK, held to working against the emulator (python/tests/test_official_sdk.py); its generated client
# is a pre-release it pins, named here because uv takes a pre-release only when asked for one.
install "composio==0.30.0" "composio-client==2.0.0rc19"
cargo build -q -p composio-emulator --bin composio-emulator
(cd python && maturin develop -q)
cd python

ruff check composio_rs tests
mypy --strict composio_rs tests/typecheck_sample.py
python -m mypy.stubtest composio_rs._native --ignore-missing-stub
python -m pytest -q tests
