#!/usr/bin/env bash
# Installs each artifact of dist/ (scripts/dist.sh) into a fresh environment with cargo not on PATH and runs
# that language's shared cases there, against the emulator the package's own testing helper starts.
set -euo pipefail
cd "$(dirname "$0")/.."
for lang in ${DIST_LANGS:-python node jvm}; do
  if [ -x "scripts/dist/test-$lang.sh" ]; then
    echo "==> installed from dist: $lang"
    "scripts/dist/test-$lang.sh"
  fi
done
