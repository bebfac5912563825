#!/usr/bin/env bash
# Python artifacts into dist/python: the composio-rs abi3 wheel (manylinux2014 through zig; $DIST_PROFILE of
# scripts/dist/profile.sh, release by default: fat LTO, one codegen unit; stripped) with the command line of
# scripts/dist/native.sh as its script `composio-rs` (pip puts it on PATH), its sdist, and the composio-rs-emulator
# wheel (the emulator binary, the `testing` extra). `auditwheel show` reports each wheel's platform tag.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=dist/python
mkdir -p "$out"
rm -f "$out"/*.whl "$out"/*.tar.gz
. scripts/dist/profile.sh
dist_tools
# The wheel's data directory (maturin's default for module composio_rs._native, beside pyproject.toml; ignored by
# git, and absent from development builds and the sdist): the command line as a script, which pip puts on PATH.
cli=dist/cli/composio-rs$exe
[ -x "$cli" ] || { echo "python.sh: no $cli: run scripts/dist/native.sh first" >&2; exit 1; }
data=python/composio_rs._native.data
trap 'rm -rf "$data"' EXIT
rm -rf "$data" && mkdir -p "$data/scripts"
cp "$cli" "$data/scripts/"
export CARGO_TARGET_DIR=$PWD/$zig_target_dir
# manylinux2014 = glibc 2.17: zig links against that glibc whatever the build machine has.
wheel_flags=(--profile "$DIST_PROFILE" --strip --target "$dist_triple" $maturin_zig ${wheel_compat:+--compatibility "$wheel_compat"})
(cd python && maturin build -q "${wheel_flags[@]}" --out "../$out")
# The sdist builds the library from source; it carries no binary (a source install has no composio-rs command).
rm -rf "$data"
(cd python && maturin sdist --out "../$out")
(cd python/emulator && maturin build -q "${wheel_flags[@]}" --out "../../$out")
case "$dist_triple" in
  *-linux-*)
    for wheel in "$out"/*.whl; do
      auditwheel show "$wheel" | tr '\n' ' ' | sed 's/  */ /g'
      echo
    done
    ;;
esac
ls -l "$out"
