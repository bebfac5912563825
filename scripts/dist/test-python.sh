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
"$(command -v python3 || command -v python)" -m venv "$work/venv"
# bin/ everywhere but Windows, where a virtualenv's programs are in Scripts/.
venv_bin=$work/venv/bin
[ -d "$work/venv/Scripts" ] && venv_bin=$work/venv/Scripts
wheel=$(ls dist/python/composio_rs-*.whl)
"$venv_bin/pip" install -q --disable-pip-version-check --find-links dist/python "${wheel}[testing]" "pytest>=8"
cd "$work"
# From outside the checkout, so `import composio_rs` is the installed package.
"$venv_bin/python" -c 'import composio_rs, sys; assert "site-packages" in composio_rs.__file__, composio_rs.__file__; print("installed:", composio_rs.__file__)'
# The wheel's command line is on the environment's PATH and works against the emulator the testing extra starts:
# an admin task (the seed docs' project list) as JSON, and a non-zero exit with a typed message on a bad key.
"$venv_bin/python" - "$venv_bin" <<'PY'
import json, os, shutil, subprocess, sys
from composio_rs.testing import Emulator
cli = shutil.which("composio-rs", path=sys.argv[1])
assert cli and os.path.dirname(cli) == sys.argv[1], f"composio-rs is not in the environment's bin: {cli}"
version = subprocess.run([cli, "--version"], capture_output=True, text=True, check=True).stdout.strip()
with Emulator() as emu:
    env = {"PATH": os.environ["PATH"], "COMPOSIO_BASE_URL": emu.base_url, "COMPOSIO_ORG_API_KEY": emu.org_api_key}
    out = subprocess.run([cli, "projects", "list", "--json"], env=env, capture_output=True, text=True, check=True).stdout
    projects = json.loads(out)
    assert any(p.get("id") == emu.project_id for p in projects["items"]), out
    bad = subprocess.run([cli, "projects", "list"], env={**env, "COMPOSIO_ORG_API_KEY": "oak_wrong"}, capture_output=True, text=True)
    assert bad.returncode == 3 and "oak_wrong" not in bad.stderr, (bad.returncode, bad.stderr)
print(f"installed command line: {cli} ({version}): projects list and a refused key behave")
PY
COMPOSIO_TEST_INSTALLED=1 "$venv_bin/pytest" -q -p no:cacheprovider \
  "$root/python/tests/test_shared_cases.py" "$root/python/tests/test_webhooks.py"
echo "python from dist: $(( $(date +%s) - started )) s"
