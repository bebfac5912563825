#!/usr/bin/env bash
# Node artifacts into dist/node, the napi-rs way (a main package plus one package per platform):
#   composio-rs-<v>.tgz                        the JS API and the napi loader, no native code; its
#                                              optionalDependencies name the platform package below
#   composio-rs-<platform>-<v>.tgz             the addon and the composio-rs command line (os, cpu, libc of
#                                              <platform>: linux-x64-gnu here, scripts/dist/profile.sh names others)
#   composio-rs-emulator-<platform>-<v>.tgz    the composio-emulator binary, for `composio-rs/testing`
# $DIST_PROFILE of scripts/dist/profile.sh (release by default: fat LTO, one codegen unit), stripped. <v> is the
# workspace version of Cargo.toml.
# Idempotent; staging in target/dist-node. scripts/dist/test-node.sh installs the three tarballs without cargo.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/dist/profile.sh
start=$SECONDS
root=$PWD
out=$root/dist/node
stage=$root/target/dist-node

version=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' core/Cargo.toml | head -n1)
[ -n "$version" ] || { echo "node.sh: no version in Cargo.toml or core/Cargo.toml" >&2; exit 1; }
committed=$(node -p 'require("./node/package.json").version')
[ "$committed" = "$version" ] || echo "node.sh: warning: node/package.json says $committed, Cargo.toml $version; packing $version" >&2

rm -rf "$stage"
mkdir -p "$stage" "$out"
rm -f "$out"/composio-rs-*.tgz

# The pinned napi CLI (a devDependency of node/).
[ -x node/node_modules/.bin/napi ] || (cd node && npm install --no-audit --no-fund --loglevel=error)

# ---------------------------------------------------------------------------------------------- addon
# The addon of scripts/dist/native.sh (a cdylib named as napi names it); the loader and typings ship as committed
# (scripts/test-node.sh fails when they differ from what napi generates).
addon=$stage/composio-rs.$npm_platform.node
cp "$root/$native_dir/${lib_prefix}composio_node$lib_suffix" "$addon"
cli=$root/dist/cli/composio-rs$exe
[ -x "$cli" ] || { echo "node.sh: no $cli: run scripts/dist/native.sh first" >&2; exit 1; }
case "$dist_triple" in *-windows-*) ;; *) strip "$addon" ;; esac

# Writes $1/package.json from a JS object literal ($2), with the shared fields.
write_manifest() {
  VERSION=$version node -e '
    const [dir, fields] = process.argv.slice(1)
    // os, cpu and libc of a napi platform name (linux-x64-gnu, darwin-arm64, win32-x64-msvc)
    const platformFields = (name) => {
      const [os, cpu, abi] = name.split("-")
      return { os: [os], cpu: [cpu], ...(os === "linux" ? { libc: [abi === "musl" ? "musl" : "glibc"] } : {}) }
    }
    const manifest = { ...eval("(" + fields + ")"), version: process.env.VERSION, license: "MIT" }
    require("fs").writeFileSync(dir + "/package.json", JSON.stringify(manifest, null, 2) + "\n")
  ' "$1" "$2"
}

# ---------------------------------------------------------------------------------------------- platform package
# The addon and the command line binary (bin/composio-rs of the main package runs it). os/cpu/libc from the name.
platform=$stage/composio-rs-$npm_platform
mkdir -p "$platform"
cp "$addon" "$cli" "$platform/"
chmod 755 "$platform/composio-rs$exe"
PLATFORM=$npm_platform EXE=$exe write_manifest "$platform" '{
  name: `composio-rs-${process.env.PLATFORM}`,
  description: `The ${process.env.PLATFORM} native addon and command line of composio-rs (installed by composio-rs, not used directly)`,
  main: `composio-rs.${process.env.PLATFORM}.node`,
  files: [`composio-rs.${process.env.PLATFORM}.node`, `composio-rs${process.env.EXE}`],
  ...platformFields(process.env.PLATFORM),
  engines: { node: ">=18" },
}'
printf '# composio-rs-%s\n\nThe %s native addon and `composio-rs` command line of [composio-rs](https://www.npmjs.com/package/composio-rs). Install `composio-rs`; npm picks this package for you.\n' "$npm_platform" "$npm_platform" > "$platform/README.md"

# ---------------------------------------------------------------------------------------------- main package
main=$stage/composio-rs
mkdir -p "$main/native" "$main/bin"
PLATFORM=$npm_platform VERSION=$version node -e '
  const fs = require("fs"), path = require("path")
  const [src, dst] = process.argv.slice(1)
  const pkg = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"))
  for (const file of pkg.files) {
    if (file.endsWith("/") || file.endsWith(".node")) throw new Error(`node/package.json files: ${file} would ship a native addon`)
    fs.copyFileSync(path.join(src, file), path.join(dst, file))
  }
  // Published manifest: the version of Cargo.toml, the platform package at that same version, no dev-only fields.
  pkg.version = process.env.VERSION
  // The package of this platform only (scripts/release/assemble.sh names every platform in the published one).
  pkg.optionalDependencies = { [`composio-rs-${process.env.PLATFORM}`]: process.env.VERSION }
  delete pkg.devDependencies
  delete pkg.scripts
  fs.writeFileSync(path.join(dst, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
' "$root/node" "$main"
cp node/README.md "$main/README.md"

# ---------------------------------------------------------------------------------------------- emulator package
emulator=$stage/composio-rs-emulator-$npm_platform
mkdir -p "$emulator"
cp "$root/dist/emulator/composio-emulator$exe" "$emulator/composio-emulator$exe"
chmod 755 "$emulator/composio-emulator$exe"
cat > "$emulator/index.js" <<EOF
'use strict'
// The path of the composio-emulator binary of this package (composio-rs/testing starts it for you).
module.exports = { binaryPath: require('node:path').join(__dirname, 'composio-emulator$exe') }
EOF
PLATFORM=$npm_platform EXE=$exe write_manifest "$emulator" '{
  name: `composio-rs-emulator-${process.env.PLATFORM}`,
  description: `A local emulator of the Composio API (${process.env.PLATFORM} binary) for tests: startEmulator() of composio-rs/testing`,
  main: "index.js",
  bin: { "composio-emulator": `composio-emulator${process.env.EXE}` },
  files: [`composio-emulator${process.env.EXE}`, "index.js"],
  ...platformFields(process.env.PLATFORM),
}'
printf '# composio-rs-emulator-%s\n\nA local emulator of the Composio API for your tests:\n\n```js\nconst { startEmulator } = require("composio-rs/testing")\nconst emu = await startEmulator()\nconst client = new Composio(emu.options())\n```\n\nOr run `npx composio-emulator --port 0`: it prints one JSON line (base URL, seeded keys) and serves until killed.\n' "$npm_platform" > "$emulator/README.md"

# ---------------------------------------------------------------------------------------------- pack
names=(composio-rs "composio-rs-$npm_platform" "composio-rs-emulator-$npm_platform")
for dir in "$platform" "$main" "$emulator"; do
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done
for name in "${names[@]}"; do
  [ -f "$out/$name-$version.tgz" ] || { echo "node.sh: npm pack made no $out/$name-$version.tgz" >&2; exit 1; }
done
# (Listings in variables: `tar | grep -q` under pipefail fails when grep stops reading early.)
listing=$(tar -tzf "$out/composio-rs-$version.tgz")
if grep -q '\.node$' <<<"$listing"; then echo "node.sh: composio-rs-$version.tgz holds a .node file" >&2; exit 1; fi
if [ -z "$exe" ]; then
  for file in "composio-rs-emulator-$npm_platform:composio-emulator" "composio-rs-$npm_platform:composio-rs"; do
    listing=$(tar -tvzf "$out/${file%%:*}-$version.tgz")
    grep -q "^-rwx.*package/${file#*:}\$" <<<"$listing" || {
      echo "node.sh: ${file#*:} lost its executable bit in ${file%%:*}-$version.tgz" >&2; exit 1; }
  done
fi

size() { wc -c < "$1" | tr -d ' '; }
echo "addon     $(size "$addon") bytes ($DIST_PROFILE, stripped)"
echo "cli       $(size "$cli") bytes ($cli_profile, stripped)"
echo "emulator  $(size "$emulator/composio-emulator$exe") bytes ($DIST_PROFILE, stripped)"
for name in "${names[@]}"; do
  echo "dist/node/$name-$version.tgz  $(size "$out/$name-$version.tgz") bytes"
done
echo "scripts/dist/node.sh: $((SECONDS - start)) s"
