#!/usr/bin/env bash
# Python artifacts into dist/python: the composio-rs abi3 wheel (manylinux2014 through zig; $DIST_PROFILE of
# scripts/dist/profile.sh, release by default: fat LTO, one codegen unit; stripped), its sdist, and the
# composio-rs-emulator wheel (the emulator binary, the `testing` extra). `auditwheel show` reports each wheel's
# platform tag.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=dist/python
mkdir -p "$out"
rm -f "$out"/*.whl "$out"/*.tar.gz
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check "maturin==1.16.0" "ziglang==0.13.0" "auditwheel==6.4.2"
export PATH="$PWD/.venv/bin:$PATH"
. scripts/dist/profile.sh
export CARGO_TARGET_DIR=$PWD/$zig_target_dir
# manylinux2014 = glibc 2.17: zig links against that glibc whatever the build machine has.
(cd python && maturin build -q --profile "$DIST_PROFILE" --strip --zig --compatibility manylinux2014 --out "../$out")
(cd python && maturin sdist --out "../$out")
(cd python/emulator && maturin build -q --profile "$DIST_PROFILE" --strip --zig --compatibility manylinux2014 --out "../../$out")
for wheel in "$out"/*.whl; do
  auditwheel show "$wheel" | tr '\n' ' ' | sed 's/  */ /g'
  echo
done
ls -l "$out"
