#!/usr/bin/env bash
# Every artifact into dist/: release profile (fat LTO, one codegen unit, stripped).
#   dist/emulator/composio-emulator   the emulator, standalone
#   dist/python/                      composio-rs wheel (abi3, manylinux2014) + sdist, composio-rs-emulator wheel
#   dist/node/                        composio-rs, composio-rs-linux-x64-gnu, composio-rs-emulator-linux-x64-gnu (npm pack)
#   dist/jvm/                         composio-rs jar (native library inside), composio-rs-emulator jar, poms
# scripts/test-dist.sh installs each into a fresh environment without cargo and runs the shared cases there.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/version.sh --check
cargo build -q --release -p composio-emulator --bin composio-emulator
mkdir -p dist/emulator
# .cargo/config.toml names the target, so release output is under target/<triple>/release.
for dir in target/x86_64-unknown-linux-gnu/release target/release; do
  if [ -x "$dir/composio-emulator" ]; then cp "$dir/composio-emulator" dist/emulator/; break; fi
done
[ -x dist/emulator/composio-emulator ]
for lang in python node jvm; do
  if [ -x "scripts/dist/$lang.sh" ]; then
    echo "==> dist: $lang"
    "scripts/dist/$lang.sh"
  fi
done
echo "==> dist/ ($(( $(date +%s) - started )) s)"
find dist -maxdepth 2 -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name 'composio-emulator' \) \
  -printf '%10s  %p\n' | sort -k2
