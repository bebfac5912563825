#!/usr/bin/env bash
# The one version of every package is `version` in the root Cargo.toml's [workspace.package] (the Rust crates
# inherit it; maturin reads it for the Python wheel). The other manifests repeat it:
#   scripts/version.sh            prints it
#   scripts/version.sh --check    fails when a manifest disagrees (run by scripts/test.sh, so by CI)
#   scripts/version.sh set X.Y.Z  writes X.Y.Z everywhere
set -euo pipefail
cd "$(dirname "$0")/.."

current() { sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml | head -1; }

# file, then a sed expression that prints the version that file declares
declared() {
  printf 'python/composio_rs/__init__.py %s\n' "$(sed -n 's/^__version__ = "\(.*\)"/\1/p' python/composio_rs/__init__.py)"
  printf 'python/pyproject.toml:testing %s\n' \
    "$(sed -n 's/^testing = \["composio-rs-emulator==\(.*\)"\]/\1/p' python/pyproject.toml)"
  printf 'node/package.json %s\n' "$(node -p 'require("./node/package.json").version')"
  node -e '
    const p = require("./node/package.json")
    for (const [name, v] of Object.entries(p.optionalDependencies ?? {})) console.log(`node/package.json:${name} ${v}`)'
  printf 'bindings/uniffi/kotlin/pom.xml %s\n' \
    "$(sed -n '0,/<version>/s/^  <version>\(.*\)<\/version>/\1/p' bindings/uniffi/kotlin/pom.xml)"
  for pom in bindings/uniffi/kotlin/*/pom.xml; do
    [ -f "$pom" ] && printf '%s %s\n' "$pom" "$(sed -n '0,/<version>/s/^  <version>\(.*\)<\/version>/\1/p' "$pom")"
  done
  return 0
}

case "${1:-}" in
  "") current ;;
  --check)
    want=$(current)
    bad=0
    while read -r file version; do
      if [ "$version" != "$want" ]; then
        echo "version mismatch: $file says '$version', Cargo.toml [workspace.package] says '$want'" >&2
        bad=1
      fi
    done < <(declared)
    [ "$bad" = 0 ] && echo "every package is version $want"
    exit "$bad"
    ;;
  set)
    new=${2:?usage: scripts/version.sh set X.Y.Z}
    old=$(current)
    sed -i "/^\[workspace.package\]/,/^\[/s/^version = \".*\"/version = \"$new\"/" Cargo.toml
    sed -i "s/^__version__ = \".*\"/__version__ = \"$new\"/" python/composio_rs/__init__.py
    sed -i "s/^testing = \[\"composio-rs-emulator==.*\"\]/testing = [\"composio-rs-emulator==$new\"]/" python/pyproject.toml
    node -e '
      const fs = require("fs"), path = "./node/package.json", p = JSON.parse(fs.readFileSync(path, "utf8"))
      p.version = process.argv[1]
      for (const k of Object.keys(p.optionalDependencies ?? {})) p.optionalDependencies[k] = process.argv[1]
      fs.writeFileSync(path, JSON.stringify(p, null, 2) + "\n")' "$new"
    for pom in bindings/uniffi/kotlin/pom.xml bindings/uniffi/kotlin/*/pom.xml; do
      [ -f "$pom" ] && sed -i "0,/^  <version>$old<\/version>/s//  <version>$new<\/version>/" "$pom"
    done
    echo "$old -> $new"
    ;;
  *) echo "usage: scripts/version.sh [--check | set X.Y.Z]" >&2; exit 2 ;;
esac
