#!/usr/bin/env bash
# The Rust artifacts the packages carry, built once for $DIST_TARGET with $DIST_PROFILE (scripts/dist/profile.sh)
# into $native_dir, for python.sh, node.sh and jvm.sh to pack, and the two plain binaries of dist/:
#   dist/cli/composio-rs              the command line (composio-rs --help), also inside the pip and npm packages
#   dist/emulator/composio-emulator   the emulator, standalone
# The Python extension is not among them: maturin builds it (python.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/dist/profile.sh
dist_tools
start=$SECONDS
export CARGO_TARGET_DIR=$PWD/$native_target_dir
packages=(-p composio-emulator -p composio-node -p composio-uniffi)
if [ "$cli_profile" = "$DIST_PROFILE" ]; then
  # One invocation: the command line's dependencies (rmcp asks more of tokio) unify with the others' features
  # instead of building a second copy of everything below them.
  packages+=(-p composio-cli)
else
  echo "== ${cargo_build[*]} --profile $cli_profile (command line)"
  "${cargo_build[@]}" -q --profile "$cli_profile" -p composio-cli
fi
echo "== ${cargo_build[*]} --profile $DIST_PROFILE (${packages[*]})"
"${cargo_build[@]}" -q --profile "$DIST_PROFILE" "${packages[@]}"

mkdir -p dist/cli dist/emulator
cp "$cli_dir/composio-rs$exe" dist/cli/
cp "$native_dir/composio-emulator$exe" dist/emulator/
# The release profiles strip already; a dev build's line tables would only make the packages bigger.
case "$dist_triple" in
  *-windows-*) ;;
  *) strip dist/cli/composio-rs dist/emulator/composio-emulator 2>/dev/null || true ;;
esac
dist/cli/composio-rs$exe --version
echo "== native artifacts ($((SECONDS - start)) s)"
