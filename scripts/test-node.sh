#!/usr/bin/env bash
# Node: install the pinned napi CLI and TypeScript, build the addon (debug, same cargo target dir), check the
# generated loader and .d.ts did not drift, type-check the sample, then run node --test against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p composio-emulator --bin composio-emulator
# test/mcp.test.mjs drives the command line's MCP server with the official MCP client.
cargo build -q -p composio-cli --bin composio-rs
cd node
npm install --no-audit --no-fund --loglevel=error
npx napi build --platform --manifest-path ../bindings/node/Cargo.toml --output-dir native --js binding.js --dts binding.d.ts
git diff --exit-code -- native/binding.js native/binding.d.ts || {
  echo "node/native/binding.{js,d.ts} changed when regenerated: commit the regenerated files"; exit 1; }
npx tsc -p test/tsconfig.json
node --test test/
