#!/usr/bin/env bash
# Every artifact into dist/ for $DIST_TARGET (default this machine's): release profile (fat LTO, one codegen unit,
# stripped); every Linux artifact links against glibc 2.17 through zig (scripts/dist/check-glibc.sh proves it).
# DIST_PROFILE=dev builds the same artifacts with the debug profile (stripped): CI does, since
# what it proves of dist/ (the packages install without cargo and pass the shared cases) does not depend on the
# optimiser, and the release profile's whole-program link costs minutes per artifact on 2 cores.
#   dist/cli/composio-rs              the command line, standalone (also inside the wheel and the npm platform package)
#   dist/emulator/composio-emulator   the emulator, standalone
#   dist/python/                      composio-rs wheel (abi3, manylinux2014, with the command line) + sdist,
#                                     composio-rs-emulator wheel
#   dist/node/                        composio-rs, composio-rs-linux-x64-gnu (addon and command line),
#                                     composio-rs-emulator-linux-x64-gnu (npm pack)
#   dist/jvm/                         composio-rs jar (native library inside), composio-rs-emulator jar, poms
# scripts/test-dist.sh installs each into a fresh environment without cargo and runs the shared cases there.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/version.sh --check
export DIST_PROFILE=${DIST_PROFILE:-release}
. scripts/dist/profile.sh
echo "==> dist: profile $DIST_PROFILE, target $dist_triple"
# DIST_LANGS picks the packages (the release workflow leaves the jar out of musl builds).
for lang in native ${DIST_LANGS:-python node jvm}; do
  if [ -x "scripts/dist/$lang.sh" ]; then
    echo "==> dist: $lang"
    "scripts/dist/$lang.sh"
  fi
done
case "$dist_triple" in *-linux-gnu) echo "==> dist: glibc"; scripts/dist/check-glibc.sh dist ;; esac
echo "==> dist/ ($(( $(date +%s) - started )) s)"
for file in dist/*/*; do
  case "$file" in *.whl | *.tar.gz | *.tgz | *.jar | */composio-emulator* | */composio-rs | */composio-rs.exe)
    printf '%10s  %s\n' "$(wc -c < "$file" | tr -d ' ')" "$file" ;;
  esac
done
