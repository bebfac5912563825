#!/usr/bin/env bash
# Assembles what is published from the dist/ of every platform (the release workflow's build jobs, each a
# directory dist-<target>/ under IN), into OUT:
#   OUT/python/  every wheel, and the sdist (once)
#   OUT/node/    every platform package and emulator package, and the main package naming every platform package
#                present as an optional dependency
#   OUT/jvm/     one composio-rs-kotlin jar holding every platform's library in JNA's layout (<prefix>/<library>),
#                one composio-rs-emulator jar holding every platform's emulator, their sources jar and poms
#   OUT/cli/     the plain binaries, named by target (composio-rs-<target>[.exe], composio-emulator-<target>[.exe])
# Every platform of scripts/dist/profile.sh must be there, unless --partial (CI assembles its one platform with it,
# to keep this script working).
set -euo pipefail
usage() { echo "usage: scripts/release/assemble.sh IN OUT [--partial]" >&2; exit 2; }
[ $# -ge 2 ] || usage
in=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
partial=${3:-}
[ -z "$partial" ] || [ "$partial" = --partial ] || usage
cd "$(dirname "$0")/../.."
root=$PWD
version=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -n1)
all_targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl
  x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc)
targets=()
for target in "${all_targets[@]}"; do
  if [ -d "$in/dist-$target" ]; then
    targets+=("$target")
  elif [ -z "$partial" ]; then
    echo "assemble.sh: no $in/dist-$target" >&2
    exit 1
  fi
done
[ ${#targets[@]} -gt 0 ] || { echo "assemble.sh: no dist-<target> directory in $in" >&2; exit 1; }
# The sdist, main npm package and sources jar are the same on every platform: taken from the first.
first=$in/dist-${targets[0]}
rm -rf "$out"/{python,node,jvm,cli}
mkdir -p "$out"/{python,node,jvm,cli}

# Python: the wheels carry their platform tags already.
for target in "${targets[@]}"; do cp "$in/dist-$target"/python/*.whl "$out/python/"; done
cp "$first"/python/composio_rs-"$version".tar.gz "$out/python/"

# npm: the platform packages as built; the main package's optional dependencies become every platform present.
platforms=()
for target in "${targets[@]}"; do
  for tgz in "$in/dist-$target"/node/composio-rs-*-"$version".tgz; do cp "$tgz" "$out/node/"; done
  platforms+=("$(DIST_TARGET=$target bash -c '. scripts/dist/profile.sh && echo "$npm_platform"')")
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$first/node/composio-rs-$version.tgz" -C "$work"
# shellcheck disable=SC2016  # JavaScript, not shell
PLATFORMS="${platforms[*]}" VERSION=$version node -e '
  const fs = require("fs")
  const file = process.argv[1] + "/package/package.json"
  const pkg = JSON.parse(fs.readFileSync(file, "utf8"))
  pkg.optionalDependencies = Object.fromEntries(process.env.PLATFORMS.split(" ").map((p) => [`composio-rs-${p}`, process.env.VERSION]))
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n")
' "$work"
(cd "$work/package" && npm pack --silent --pack-destination "$out/node" >/dev/null)

# JVM: the first platform's jars, with every other platform's native files added under their JNA prefixes.
for jar in composio-rs-kotlin composio-rs-emulator; do
  cp "$first/jvm/$jar-$version.jar" "$out/jvm/"
  mkdir -p "$work/$jar"
  for target in "${targets[@]:1}"; do
    [ -f "$in/dist-$target/jvm/$jar-$version.jar" ] || continue # musl builds have no jar (JNA cannot tell musl)
    # Only the native files (unzip exits 11 when a pattern matches nothing).
    status=0
    unzip -q -o -d "$work/$jar" "$in/dist-$target/jvm/$jar-$version.jar" '*.so' '*.dylib' '*.dll' \
      'dev/composio/testing/*/composio-emulator' 'dev/composio/testing/*/composio-emulator.exe' || status=$?
    [ "$status" -eq 0 ] || [ "$status" -eq 11 ] || exit "$status"
  done
  if [ -n "$(ls -A "$work/$jar")" ]; then (cd "$work/$jar" && jar uf "$out/jvm/$jar-$version.jar" .); fi
done
cp "$first/jvm/composio-rs-kotlin-$version-sources.jar" "$first"/jvm/*.pom "$out/jvm/"
echo "composio-rs-kotlin-$version.jar holds:"
jar tf "$out/jvm/composio-rs-kotlin-$version.jar" | grep -E '(\.so|\.dylib|\.dll)$' | sed 's/^/  /'

# The plain binaries, named by target.
for target in "${targets[@]}"; do
  for bin in cli/composio-rs emulator/composio-emulator; do
    for file in "$in/dist-$target/$bin" "$in/dist-$target/$bin.exe"; do
      [ -f "$file" ] || continue
      name=$(basename "$file")
      cp "$file" "$out/cli/${name%.exe}-$target$([ "${name%.exe}" = "$name" ] || echo .exe)"
    done
  done
done

echo "assembled ${#targets[@]} platform(s) (${targets[*]}) into $out:"
(cd "$out" && find . -type f | sort | sed 's/^\.\//  /')
cd "$root"
