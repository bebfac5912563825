#!/usr/bin/env bash
# Proves the Node artifacts of scripts/dist/node.sh install and work where there is no Rust toolchain: a fresh npm
# project, cargo/rustc/rustup off PATH, `npm install` of the three tarballs of dist/node (offline: they need
# nothing from a registry), then the repository's shared cases (tests/cases/operations.json, the logic of
# node/test/shared_cases.test.mjs) run against the INSTALLED composio-rs, with the emulator started by the
# installed `composio-rs/testing` from the installed composio-rs-emulator-<platform> package.
# Fails when a case fails. KEEP=1 keeps the temporary project; COMPOSIO_CASES runs another cases file.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
root=$PWD
dist=$root/dist/node
cases_file=${COMPOSIO_CASES:-$root/tests/cases/operations.json}
. scripts/dist/profile.sh
export NPM_PLATFORM=$npm_platform

version=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' core/Cargo.toml | head -n1)
tarballs=()
for name in composio-rs "composio-rs-$npm_platform" "composio-rs-emulator-$npm_platform"; do
  tgz=$dist/$name-$version.tgz
  [ -f "$tgz" ] || { echo "test-node.sh: no $tgz: run scripts/dist/node.sh first" >&2; exit 1; }
  tarballs+=("$tgz")
done

# No Rust toolchain from here on.
PATH=$(echo "$PATH" | tr ':' '\n' | grep -v -e cargo -e rustup | paste -sd:)
export PATH
unset COMPOSIO_EMULATOR_BIN NAPI_RS_NATIVE_LIBRARY_PATH CARGO_HOME RUSTUP_HOME
for tool in cargo rustc rustup; do
  if command -v "$tool" >/dev/null; then echo "test-node.sh: $tool is still on PATH" >&2; exit 1; fi
done

project=$(mktemp -d "${TMPDIR:-/tmp}/composio-node-install.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "project kept in $project"; else trap 'rm -rf "$project"' EXIT; fi
cd "$project"
printf '{ "name": "composio-node-install-check", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
npm install --offline --no-audit --no-fund --loglevel=error "${tarballs[@]}"

# The layout npm made: the addon comes from the platform package, the main package holds none.
[ -z "$(find node_modules/composio-rs -name '*.node')" ] || { echo "test-node.sh: composio-rs holds a .node file" >&2; exit 1; }
[ -x "node_modules/composio-rs-emulator-$npm_platform/composio-emulator$exe" ] || {
  echo "test-node.sh: the installed emulator is not executable" >&2; exit 1; }
node_modules/.bin/composio-emulator --help >/dev/null
node -e '
  const { Composio } = require("composio-rs")
  const addon = Object.keys(require.cache).find((f) => f.endsWith(".node"))
  if (!addon || !addon.includes(`/node_modules/composio-rs-${process.env.NPM_PLATFORM}/`)) throw new Error(`addon loaded from ${addon}`)
  const { startEmulator } = require("composio-rs/testing")
  if (typeof startEmulator !== "function" || typeof Composio !== "function") throw new Error("missing exports")
  console.log(`composio-rs ${require("composio-rs/package.json").version}: addon ${addon.slice(process.cwd().length + 1)}`)
'

# The command line: node_modules/.bin/composio-rs (the main package's launcher) runs the platform package's binary
# against the emulator: an admin task as JSON, and a refused key's exit code (3) with no key on stderr.
[ -x "node_modules/composio-rs-$npm_platform/composio-rs$exe" ] || { echo "test-node.sh: no command line in the platform package" >&2; exit 1; }
node_modules/.bin/composio-rs --version
node - <<'EOF'
const { spawnSync } = require('node:child_process')
const { startEmulator } = require('composio-rs/testing')
;(async () => {
  const emu = await startEmulator()
  try {
    const env = { PATH: process.env.PATH, COMPOSIO_BASE_URL: emu.info.base_url, COMPOSIO_ORG_API_KEY: emu.info.org_api_key }
    const run = (extra) => spawnSync('node_modules/.bin/composio-rs', ['projects', 'list', '--json'], { env: { ...env, ...extra }, encoding: 'utf8' })
    const listed = run({})
    if (listed.status !== 0) throw new Error(`projects list exited ${listed.status}: ${listed.stderr}`)
    if (!JSON.parse(listed.stdout).items.some((p) => p.id === emu.info.project_id)) throw new Error(listed.stdout)
    const refused = run({ COMPOSIO_ORG_API_KEY: 'oak_wrong' })
    if (refused.status !== 3 || refused.stderr.includes('oak_wrong')) throw new Error(`refused key: exit ${refused.status}: ${refused.stderr}`)
    console.log('installed command line: projects list and a refused key behave')
  } finally {
    await emu.stop()
  }
})().catch((e) => { console.error(e); process.exit(1) })
EOF

# The shared cases, importing the installed package instead of the repository's files.
mkdir test
node - "$root/node/test" test <<'EOF'
const fs = require('fs')
const [src, dst] = process.argv.slice(2)
const rewrite = (file, pairs) => {
  let text = fs.readFileSync(`${src}/${file}`, 'utf8')
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`test-node.sh: ${file} no longer contains ${JSON.stringify(from)}`)
    text = text.replaceAll(from, to)
  }
  fs.writeFileSync(`${dst}/${file}`, text)
}
rewrite('shared_cases.test.mjs', [
  ["from '../index.mjs'", "from 'composio-rs'"],
  // The generated signature table is internal (not in the package's exports): load the installed file itself.
  ["import resources from '../resources.js'",
   "import { createRequire } from 'node:module'\n" +
   "const requireHere = createRequire(import.meta.url)\n" +
   "const resources = requireHere(requireHere.resolve('composio-rs').replace(/index\\.js$/, 'resources.js'))"],
])
rewrite('emulator.mjs', [["from '../testing.mjs'", "from 'composio-rs/testing'"]])
EOF
if grep -n "'\.\./" test/*.mjs; then echo "test-node.sh: a test still imports from the repository" >&2; exit 1; fi

# The agent layer ships too (agent.js, agent.d.ts) and converts a tool as the core does.
node -e '
  const { toolDefinition, Toolset } = require("composio-rs")
  const d = toolDefinition({ slug: "X_Y", description: "d", input_parameters: { type: "object", properties: { a: { type: "string" } } } }, "openai", { strict: true })
  if (d.function.parameters.additionalProperties !== false || typeof Toolset !== "function") throw new Error("agent layer: " + JSON.stringify(d))
'
[ -f node_modules/composio-rs/agent.d.ts ] || { echo "test-node.sh: agent.d.ts is not in the package" >&2; exit 1; }
[ -f node_modules/composio-rs/frameworks.js ] || { echo "test-node.sh: frameworks.js is not in the package" >&2; exit 1; }

status=0
COMPOSIO_EMULATOR_FROM=package COMPOSIO_CASES=$cases_file \
  node --test --test-reporter=tap test/shared_cases.test.mjs > test-output.tap 2>&1 || status=$?
grep -E '^not ok' -A 12 test-output.tap || true
grep -E '^# (tests|pass|fail|cancelled)' test-output.tap || true
cases=$(node -p 'require(process.argv[1]).length' "$cases_file")
# The file also checks the error classes against error_kinds.json: one test beside the cases.
tests=$((cases + 1))
passed=$(sed -n 's/^# pass //p' test-output.tap)
echo "test-node.sh: $((SECONDS - start)) s"
if [ "$status" -ne 0 ] || [ "${passed:-0}" -ne "$tests" ]; then
  echo "test-node.sh: FAILED (exit $status, $passed of $tests tests passed)" >&2
  exit 1
fi
echo "test-node.sh: the installed packages pass all $cases shared cases, without cargo"
