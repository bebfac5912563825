#!/usr/bin/env bash
# Node artifacts into dist/node, the napi-rs way (a main package plus one package per platform):
#   composio-rs-<v>.tgz                        the JS API and the napi loader, no native code; its
#                                              optionalDependencies name the platform package below
#   composio-rs-linux-x64-gnu-<v>.tgz          the addon (os linux, cpu x64, libc glibc)
#   composio-rs-emulator-linux-x64-gnu-<v>.tgz the composio-emulator binary, for `composio-rs/testing`
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
# Not napi's --strip: it adds `-C link-arg=-s` to RUSTFLAGS, which changes every unit's fingerprint (a full rebuild
# of what the tests built); not --profile dev either, which napi 3 looks for under target/<triple>/dev, not debug.
profile_flag=$([ "$DIST_PROFILE" = release ] && echo --release || true)
(cd node && npx napi build $profile_flag --platform --manifest-path ../bindings/node/Cargo.toml \
  --output-dir "$stage/native" --js binding.js --dts binding.d.ts)
addon=$stage/native/composio-rs.linux-x64-gnu.node
[ -f "$addon" ] || { echo "node.sh: the napi build made no $addon" >&2; exit 1; }
strip "$addon"
# The main package ships the committed loader and typings: this build must generate the same ones.
for f in binding.js binding.d.ts; do
  cmp -s "$stage/native/$f" "node/native/$f" || {
    echo "node.sh: node/native/$f differs from what napi generates: run npm run build in node/ and commit it" >&2; exit 1; }
done

# Writes $1/package.json from a JS object literal ($2), with the shared fields.
write_manifest() {
  VERSION=$version node -e '
    const [dir, fields] = process.argv.slice(1)
    const manifest = { ...eval("(" + fields + ")"), version: process.env.VERSION, license: "MIT" }
    require("fs").writeFileSync(dir + "/package.json", JSON.stringify(manifest, null, 2) + "\n")
  ' "$1" "$2"
}

# ---------------------------------------------------------------------------------------------- platform package
platform=$stage/composio-rs-linux-x64-gnu
mkdir -p "$platform"
cp "$addon" "$platform/"
write_manifest "$platform" '{
  name: "composio-rs-linux-x64-gnu",
  description: "The linux-x64-gnu native addon of composio-rs (installed by composio-rs, not used directly)",
  main: "composio-rs.linux-x64-gnu.node",
  files: ["composio-rs.linux-x64-gnu.node"],
  os: ["linux"], cpu: ["x64"], libc: ["glibc"],
  engines: { node: ">=18" },
}'
printf '# composio-rs-linux-x64-gnu\n\nThe Linux x64 (glibc) native addon of [composio-rs](https://www.npmjs.com/package/composio-rs). Install `composio-rs`; npm picks this package for you.\n' > "$platform/README.md"

# ---------------------------------------------------------------------------------------------- main package
main=$stage/composio-rs
mkdir -p "$main/native"
VERSION=$version node -e '
  const fs = require("fs"), path = require("path")
  const [src, dst] = process.argv.slice(1)
  const pkg = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"))
  for (const file of pkg.files) {
    if (file.endsWith("/") || file.endsWith(".node")) throw new Error(`node/package.json files: ${file} would ship a native addon`)
    fs.copyFileSync(path.join(src, file), path.join(dst, file))
  }
  // Published manifest: the version of Cargo.toml, the platform package at that same version, no dev-only fields.
  pkg.version = process.env.VERSION
  pkg.optionalDependencies = { "composio-rs-linux-x64-gnu": process.env.VERSION }
  delete pkg.devDependencies
  delete pkg.scripts
  fs.writeFileSync(path.join(dst, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
' "$root/node" "$main"
cp node/README.md "$main/README.md"

# ---------------------------------------------------------------------------------------------- emulator package
# cargo only rebuilds when the emulator changed (a stale target/ binary is never shipped).
cargo build -q --profile "$DIST_PROFILE" -p composio-emulator
emulator_bin=$profile_dir/composio-emulator
[ -x "$emulator_bin" ] || { echo "node.sh: no $emulator_bin" >&2; exit 1; }
emulator=$stage/composio-rs-emulator-linux-x64-gnu
mkdir -p "$emulator"
cp "$emulator_bin" "$emulator/composio-emulator"
strip "$emulator/composio-emulator" 2>/dev/null || true
chmod 755 "$emulator/composio-emulator"
cat > "$emulator/index.js" <<'EOF'
'use strict'
// The path of the composio-emulator binary of this package (composio-rs/testing starts it for you).
module.exports = { binaryPath: require('node:path').join(__dirname, 'composio-emulator') }
EOF
write_manifest "$emulator" '{
  name: "composio-rs-emulator-linux-x64-gnu",
  description: "A local emulator of the Composio API (linux-x64-gnu binary) for tests: startEmulator() of composio-rs/testing",
  main: "index.js",
  bin: { "composio-emulator": "composio-emulator" },
  files: ["composio-emulator", "index.js"],
  os: ["linux"], cpu: ["x64"], libc: ["glibc"],
}'
printf '# composio-rs-emulator-linux-x64-gnu\n\nA local emulator of the Composio API for your tests:\n\n```js\nconst { startEmulator } = require("composio-rs/testing")\nconst emu = await startEmulator()\nconst client = new Composio(emu.options())\n```\n\nOr run `npx composio-emulator --port 0`: it prints one JSON line (base URL, seeded keys) and serves until killed.\n' > "$emulator/README.md"

# ---------------------------------------------------------------------------------------------- pack
for dir in "$platform" "$main" "$emulator"; do
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done
for name in composio-rs composio-rs-linux-x64-gnu composio-rs-emulator-linux-x64-gnu; do
  [ -f "$out/$name-$version.tgz" ] || { echo "node.sh: npm pack made no $out/$name-$version.tgz" >&2; exit 1; }
done
# (Listings in variables: `tar | grep -q` under pipefail fails when grep stops reading early.)
listing=$(tar -tzf "$out/composio-rs-$version.tgz")
if grep -q '\.node$' <<<"$listing"; then echo "node.sh: composio-rs-$version.tgz holds a .node file" >&2; exit 1; fi
listing=$(tar -tvzf "$out/composio-rs-emulator-linux-x64-gnu-$version.tgz")
grep -q '^-rwx.*package/composio-emulator$' <<<"$listing" || {
  echo "node.sh: the emulator lost its executable bit in the tarball" >&2; exit 1; }

size() { stat -c %s "$1"; }
echo "addon     $(size "$addon") bytes ($DIST_PROFILE, stripped)"
echo "emulator  $(size "$emulator/composio-emulator") bytes ($DIST_PROFILE, stripped)"
for name in composio-rs composio-rs-linux-x64-gnu composio-rs-emulator-linux-x64-gnu; do
  echo "dist/node/$name-$version.tgz  $(size "$out/$name-$version.tgz") bytes"
done
echo "scripts/dist/node.sh: $((SECONDS - start)) s"
