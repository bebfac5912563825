#!/usr/bin/env bash
# Rebuilds api/openapi-current.json (the current API, 113 operations) from the official generated Python
# client, pinned here, in a virtualenv of its own. With --check, fails when the committed file differs.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENT_VERSION=2.0.0rc19
venv=target/import-spec-venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check "composio-client==$CLIENT_VERSION"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$venv/bin/python" api/import/import_spec.py > "$out"
if [ "${1:-}" = "--check" ]; then
  cmp -s "$out" api/openapi-current.json || { echo "api/openapi-current.json is stale: run scripts/import-spec.sh" >&2; exit 1; }
else
  cp "$out" api/openapi-current.json
fi
