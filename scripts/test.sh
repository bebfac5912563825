#!/usr/bin/env bash
# Every test in every language. Installs what it needs first (idempotent), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never RUST_BACKTRACE=0

# Each step's heading says how long the one before took (CI's budget is kept by these numbers).
started=$SECONDS
last=$SECONDS
step() { printf '\n[%ss, total %ss] ==> %s\n' "$((SECONDS - last))" "$((SECONDS - started))" "$*"; last=$SECONDS; }

step "rust: format and lint"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

step "generated code is current (cargo xtask codegen --check); one version everywhere"
cargo xtask codegen --check
scripts/version.sh --check

step "the release pipeline: actionlint and shellcheck (it runs elsewhere; scripts/lint-release.sh)"
scripts/lint-release.sh

step "rust: core and emulator tests (against the emulator over real HTTP)"
cargo test --workspace

step "the README's main job runs to its end (the demo against the embedded emulator)"
COMPOSIO_API_KEY= cargo run -q -p composio --example demo >/dev/null

step "emulator: fuzzed against the spec (schemathesis; no 5xx, documented statuses, bodies match the schema)"
scripts/fuzz-emulator.sh

for lang in python node kotlin; do
  if [ -x "scripts/test-$lang.sh" ]; then
    step "$lang"
    "scripts/test-$lang.sh"
  fi
done
step "done"
