#!/usr/bin/env bash
# Every artifact into dist/: release profile (fat LTO, one codegen unit, stripped).
# DIST_PROFILE=dev builds the same artifacts from the debug build the tests already made (stripped): CI does, since
# what it proves of dist/ (the packages install without cargo and pass the shared cases) does not depend on the
# optimiser, and the release profile's whole-program link costs minutes per artifact on 2 cores.
#   dist/emulator/composio-emulator   the emulator, standalone
#   dist/python/                      composio-rs wheel (abi3, manylinux2014) + sdist, composio-rs-emulator wheel
#   dist/node/                        composio-rs, composio-rs-linux-x64-gnu, composio-rs-emulator-linux-x64-gnu (npm pack)
#   dist/jvm/                         composio-rs jar (native library inside), composio-rs-emulator jar, poms
# scripts/test-dist.sh installs each into a fresh environment without cargo and runs the shared cases there.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/version.sh --check
export DIST_PROFILE=${DIST_PROFILE:-release}
. scripts/dist/profile.sh
echo "==> dist: profile $DIST_PROFILE"
cargo build -q --profile "$DIST_PROFILE" -p composio-emulator --bin composio-emulator
mkdir -p dist/emulator
cp "$profile_dir/composio-emulator" dist/emulator/
strip dist/emulator/composio-emulator 2>/dev/null || true
for lang in python node jvm; do
  if [ -x "scripts/dist/$lang.sh" ]; then
    echo "==> dist: $lang"
    "scripts/dist/$lang.sh"
  fi
done
echo "==> dist/ ($(( $(date +%s) - started )) s)"
find dist -maxdepth 2 -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name 'composio-emulator' \) \
  -printf '%10s  %p\n' | sort -k2
