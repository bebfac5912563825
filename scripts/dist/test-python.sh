#!/usr/bin/env bash
# Installs the Python artifacts of dist/python into a fresh virtualenv with cargo not on PATH, then runs the
# shared cases and webhook vectors against the installed package, with the emulator its `testing` extra
# installed, started by `composio_rs.testing`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
started=$(date +%s)
PATH=$(echo "$PATH" | tr ':' '\n' | grep -v -e '\.cargo' -e rustup | paste -sd: -)
export PATH
if command -v cargo >/dev/null; then echo "cargo is still on PATH" >&2; exit 1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
wheel=$(ls dist/python/composio_rs-*.whl)
"$work/venv/bin/pip" install -q --disable-pip-version-check --find-links dist/python "${wheel}[testing]" "pytest>=8"
cd "$work"
# From outside the checkout, so `import composio_rs` is the installed package.
"$work/venv/bin/python" -c 'import composio_rs, sys; assert "site-packages" in composio_rs.__file__, composio_rs.__file__; print("installed:", composio_rs.__file__)'
COMPOSIO_TEST_INSTALLED=1 "$work/venv/bin/pytest" -q -p no:cacheprovider \
  "$root/python/tests/test_shared_cases.py" "$root/python/tests/test_webhooks.py"
echo "python from dist: $(( $(date +%s) - started )) s"
