#!/usr/bin/env bash
# Kotlin (uniffi) tests on the JVM against the emulator, plus the Swift drift check and the uniffi
# Python smoke test. Maven fetches the Kotlin compiler, JNA, kotlinx-coroutines and JUnit itself.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v mvn >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
fi
cargo build -q -p composio-emulator
scripts/gen-uniffi.sh --check
(cd bindings/uniffi/kotlin && mvn -B -q test && grep -h "Tests run" target/surefire-reports/*.txt)
python3 bindings/uniffi/python_smoke.py target/uniffi-python
