#!/usr/bin/env bash
# Spec-driven fuzzing of the emulator: schemathesis generates requests from api/openapi.json for every operation the
# emulator implements (api/operations.toml) and checks that no answer is a 5xx, that every status is one the spec
# documents for the operation and that every body matches the spec's schema for its status. Exits non-zero on any
# finding. The few deliberate deviations are let through narrowly below, each with its reason; emulator/README.md
# lists them ("Fuzzing against the spec").
#
# Installs what it needs (idempotent): schemathesis, pinned, in its own virtualenv under target/ (not the Python
# binding's .venv: schemathesis brings a pytest plugin and hypothesis, which would load into that suite's pytest).
# Deterministic (hypothesis derandomized), so CI is stable. About 2 minutes on 2 cores once the emulator is built
# (two streams side by side, below).
# FUZZ_MAX_EXAMPLES (default 25) sets the examples per operation of the fuzzing phase.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# This script's own path, for the two streams below that re-run it (whatever directory it was started from).
self=$root/scripts/fuzz-emulator.sh

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-25}
VENV=$root/target/fuzz-venv
# Set by the parent run for each of its two streams (below); unset when a person or CI runs this.
WORK=${FUZZ_WORK:-$root/target/fuzz-emulator}

# --- schemathesis ------------------------------------------------------------------------------------------------
if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- the emulator ------------------------------------------------------------------------------------------------
cargo build -q -p composio-emulator --bin composio-emulator
# The binary's path from cargo itself (.cargo/config.toml pins a target triple, which moves it under target/<triple>/).
emulator_bin=$(cargo build -q -p composio-emulator --bin composio-emulator --message-format=json |
  "$VENV/bin/python" -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "composio-emulator":
        print(m["executable"])')
[ -x "$emulator_bin" ] || { echo "fuzz-emulator: no emulator binary from cargo" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK"

# --- two streams -------------------------------------------------------------------------------------------------
# The January spec's project pass takes as long as all the others together, and schemathesis uses one core: so two
# streams run side by side, each against an emulator and test data of its own (no pass sees another's changes), and
# their logs are printed one after the other.
if [ -z "${FUZZ_PASSES:-}" ]; then
  FUZZ_PASSES="project" FUZZ_WORK="$WORK/january" "$self" >"$WORK/january.out" 2>&1 &
  january=$!
  FUZZ_PASSES="current-project current-user current-org org" FUZZ_WORK="$WORK/current" "$self" >"$WORK/current.out" 2>&1 &
  current=$!
  status=0
  wait "$january" || status=1
  wait "$current" || status=1
  cat "$WORK/january.out" "$WORK/current.out"
  exit $status
fi
"$emulator_bin" --port 0 >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
emulator_pid=$!
stop_emulator() { kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; }
trap stop_emulator EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  [ -s "$WORK/emulator.json" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
[ -s "$WORK/emulator.json" ] || { echo "fuzz-emulator: the emulator did not start" >&2; cat "$WORK/emulator.log" >&2; exit 1; }

# --- test data ---------------------------------------------------------------------------------------------------
# Real ids, so that operations on one resource answer 200 (and have their bodies checked) instead of 404 only: the
# seeded auth configs and accounts, plus one account per reachable auth scheme. The destructive operations (DELETE of
# an auth config, an account or a project; regenerate a project's key) get throwaway resources of their own, so they
# never take away what the other operations use (deleting an auth config deletes its accounts; deleting the seeded
# project or regenerating its key would turn every later project-key request into a 401).
"$VENV/bin/python" - "$WORK" <<'PY'
import json, sys, urllib.request

work = sys.argv[1]
info = json.loads(open(f"{work}/emulator.json").readline())
base = info["base_url"]


def call(method, path, body=None, org=False):
    request = urllib.request.Request(base + "/api/v3" + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("content-type", "application/json")
    request.add_header("x-org-api-key" if org else "x-api-key", info["org_api_key" if org else "api_key"])
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def custom_config(toolkit, scheme):
    return call("POST", "/auth_configs", {"toolkit": {"slug": toolkit}, "auth_config": {
        "type": "use_custom_auth", "authScheme": scheme, "credentials": {"client_id": "fuzz-client"}}})["auth_config"]["id"]


uuids = []


def account(config, scheme, val):
    created = call("POST", "/connected_accounts", {"auth_config": {"id": config}, "connection": {
        "user_id": "fuzz", "state": {"authScheme": scheme, "val": {"status": "ACTIVE", **val}}}})
    uuids.append(created["deprecated"]["uuid"])
    return created["id"]


for toolkit, scheme, val in [
    ("github", "API_KEY", {"api_key": "ghp_fuzzfuzzfuzzfuzz"}),
    ("jira", "BASIC", {"username": "fuzz", "password": "fuzz-password"}),
    ("slack", "BEARER_TOKEN", {"token": "xoxb-fuzzfuzzfuzz"}),
    ("trello", "OAUTH1", {}),
]:
    account(custom_config(toolkit, scheme), scheme, val)

# Trigger instances on the seeded ACTIVE GitHub account: one to manage, one to delete.
github = next(a["id"] for a in call("GET", "/connected_accounts?toolkit_slugs=github&statuses=ACTIVE")["items"]
              if a["auth_config"]["id"] == "ac_githubmanaged")
triggers = [t["slug"] for t in call("GET", "/triggers_types?toolkit_slugs=github&limit=5")["items"]]
SAMPLE = {"string": "fuzz", "integer": 1, "number": 1, "boolean": True, "array": [], "object": {}}


def trigger_instance(slug):
    schema = call("GET", f"/triggers_types/{slug}")["config"]
    config = {name: SAMPLE.get(schema["properties"][name].get("type"), "fuzz") for name in schema.get("required", [])}
    upserted = call("POST", f"/trigger_instances/{slug}/upsert",
                    {"connected_account_id": github, "trigger_config": config})
    uuids.append(upserted["deprecated"]["uuid"])
    return upserted["trigger_id"]


trigger_instances = [trigger_instance(triggers[0])]
throwaway_trigger = trigger_instance(triggers[1])
throwaway_config = custom_config("github", "API_KEY")
throwaway_account = call("POST", "/connected_accounts/link",
                         {"auth_config_id": "ac_githubmanaged", "user_id": "fuzz"})["connected_account_id"]
throwaway_projects = [call("POST", "/org/owner/project/new", {"name": f"fuzz-throwaway-{i}"}, org=True)["id"]
                      for i in range(2)]

sessions = [call("POST", "/tool_router/session", {"user_id": "fuzz"})["session_id"]]
webhook_endpoints = [call("POST", "/webhook_endpoints", {"toolkit_slug": "slack", "client_id": "fuzz"})["id"]]
configs = [c["id"] for c in call("GET", "/auth_configs?limit=100")["items"] if c["id"] != throwaway_config]
accounts = [a["id"] for a in call("GET", "/connected_accounts?limit=100")["items"] if a["id"] != throwaway_account]
uuids += [c["uuid"] for c in call("GET", "/auth_configs?limit=100")["items"]]
values = {
    "triggers": triggers,
    "trigger_instances": trigger_instances,
    "throwaway_trigger": [throwaway_trigger],
    "uuids": uuids,
    "auth_configs": configs,
    "accounts": accounts,
    "throwaway_config": [throwaway_config],
    "throwaway_account": [throwaway_account],
    "projects": [info["project_id"], info["other_project_id"]],
    "throwaway_projects": throwaway_projects,
    "sessions": sessions,
    "webhook_endpoints": webhook_endpoints,
}
with open(f"{work}/dictionaries.toml", "w") as out:
    for name, entries in values.items():
        out.write(f"[dictionaries.{name}]\nvalues = {json.dumps(entries)}\n\n")
PY

# --- configuration -----------------------------------------------------------------------------------------------
# schemathesis's status_code_conformance and response_schema_conformance, less the few deviations the emulator makes
# on purpose (emulator/README.md, "Fuzzing against the spec"): only these statuses, only these schema violations,
# only on these operations, are let through.
cat >"$WORK/hooks.py" <<'PY'
import os

import schemathesis
from schemathesis.openapi.checks import JsonSchemaError
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

GUESSED_STATUSES = {
    # An unknown project id (or another organisation's): the spec documents no 404 for these three.
    "GET /api/v3/org/owner/project/{nano_id}": {404},
    "DELETE /api/v3/org/owner/project/{nano_id}": {404},
    "POST /api/v3/org/owner/project/{nano_id}/regenerate_api_key": {404},
    # A duplicate project name in the organisation, a duplicate MCP server name in the project: the spec documents
    # no 409 for these.
    "POST /api/v3/org/owner/project/new": {409},
    "POST /api/v3/mcp/servers": {409},
    "POST /api/v3/mcp/servers/custom": {409},
    "PATCH /api/v3/mcp/{id}": {409},
}


CREDENTIALS = {"x-api-key", "authorization", "x-org-api-key", "x-user-api-key"}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    # An operation that declares the project key or the user key gets a generated value for the scheme the pass
    # does not set; two credentials on one request are a 401, so keep only the pass's own.
    own = os.environ.get("FUZZ_CREDENTIAL", "").lower()
    for headers in (case.headers, kwargs.get("headers")):
        for name in [n for n in (headers or {}) if n.lower() in CREDENTIALS and n.lower() != own]:
            del headers[name]


@schemathesis.check
def status_code_conformance_but_guesses(ctx, response, case):
    """status_code_conformance, except the guessed statuses above."""
    if response.status_code in GUESSED_STATUSES.get(case.operation.label, ()):
        return None
    return status_code_conformance(ctx, response, case)


# (operation, path of the value in the body, the schema keyword it breaks).
GUESSED_SCHEMA_VIOLATIONS = {
    # The emulator's ids are what every other operation takes (`ca_` + 12 characters, ...), not 10 characters.
    ("GET /api/v3/migration/get-nanoid", ("nanoid",), "maxLength"),
}


@schemathesis.check
def response_schema_conformance_but_guesses(ctx, response, case):
    """response_schema_conformance, except the guessed violations above."""
    try:
        return response_schema_conformance(ctx, response, case)
    except JsonSchemaError as error:
        keyword = error.schema_path[-1] if error.schema_path else None
        if (case.operation.label, tuple(error.instance_path), keyword) in GUESSED_SCHEMA_VIOLATIONS:
            return None
        raise
PY

{
  cat <<TOML
# Generated by scripts/fuzz-emulator.sh.
hooks = "$WORK/hooks.py"

TOML
  cat <<'TOML'
# Nothing kept between runs (no example database, no replay of earlier crashes): every run is the same.
[cache]
enabled = false

[generation]
deterministic = true
database = "none"

[checks]
enabled = false
not_a_server_error.enabled = true
status_code_conformance_but_guesses.enabled = true
response_schema_conformance_but_guesses.enabled = true

[dictionaries.tools]
values = ["GITHUB_ADD_ARTIFACT", "COMPOSIO_SEARCH_CREATE_IMAGE", "SLACK_CREATE_MESSAGE", "GMAIL_GET_EMAIL"]

[dictionaries.toolkits]
values = ["github", "composio_search", "trello", "slack"]

[dictionaries.mounts]
values = ["files"]

[dictionaries.users]
values = ["user-1", "user-2", "fuzz"]

[[operations]]
include-operation-id-regex = "^(getToolsByToolSlug|postToolsExecuteByToolSlug|postToolsExecuteByToolSlugInput)$"
parameters = { "path.tool_slug" = { dictionary = "tools", probability = 0.7 } }

[[operations]]
include-operation-id = "postToolsExecuteByToolSlug"
parameters = { "body.user_id" = { dictionary = "users", probability = 0.7 }, "body.connected_account_id" = { dictionary = "accounts", probability = 0.3 } }

[[operations]]
include-operation-id = "postToolsExecuteProxy"
parameters = { "body.connected_account_id" = { dictionary = "accounts", probability = 0.7 } }

[[operations]]
include-operation-id = "getToolkitsBySlug"
parameters = { "path.slug" = { dictionary = "toolkits", probability = 0.7 } }

[[operations]]
include-operation-id = "postAuthConfigs"
parameters = { "body.toolkit.slug" = { dictionary = "toolkits", probability = 0.7 } }

[[operations]]
include-operation-id-regex = "^(getAuthConfigsByNanoid|patchAuthConfigsByNanoid|patchAuthConfigsByNanoidByStatus)$"
parameters = { "path.nanoid" = { dictionary = "auth_configs", probability = 0.8 } }

[[operations]]
include-operation-id = "deleteAuthConfigsByNanoid"
parameters = { "path.nanoid" = { dictionary = "throwaway_config", probability = 0.5 } }

[[operations]]
include-operation-id-regex = "^(postConnectedAccountsLink|postConnectedAccounts)$"
parameters = { "body.auth_config_id" = { dictionary = "auth_configs", probability = 0.8 }, "body.auth_config.id" = { dictionary = "auth_configs", probability = 0.8 } }
# Their bodies hold the spec's credential schemas (13 auth schemes x 6 statuses, each property typed): the coverage
# phase's negative cases (a wrong type for every property of every variant, 11,000 requests, a minute on 2 cores) all
# take the same path through the emulator (it keeps the given fields as they are). The fuzzing phase still sends
# negative bodies to both.
phases.coverage.generation.mode = "positive"

[[operations]]
include-operation-id-regex = "^(getConnectedAccountsByNanoid|postConnectedAccountsByNanoidRefresh)$"
parameters = { "path.nanoid" = { dictionary = "accounts", probability = 0.8 } }

[[operations]]
include-operation-id = "patchConnectedAccountsByNanoIdStatus"
parameters = { "path.nanoId" = { dictionary = "accounts", probability = 0.8 } }

[[operations]]
include-operation-id = "deleteConnectedAccountsByNanoid"
parameters = { "path.nanoid" = { dictionary = "throwaway_account", probability = 0.5 } }

[[operations]]
include-operation-id = "postTriggerInstancesBySlugUpsert"
parameters = { "path.slug" = { dictionary = "triggers", probability = 0.7 }, "body.connected_account_id" = { dictionary = "accounts", probability = 0.7 } }

[[operations]]
include-operation-id = "patchTriggerInstancesManageByTriggerId"
parameters = { "path.triggerId" = { dictionary = "trigger_instances", probability = 0.8 } }

[[operations]]
include-operation-id = "deleteTriggerInstancesManageByTriggerId"
parameters = { "path.triggerId" = { dictionary = "throwaway_trigger", probability = 0.5 } }

[[operations]]
include-operation-id = "getMigrationGetNanoid"
parameters = { "query.uuid" = { dictionary = "uuids", probability = 0.8 } }

[[operations]]
include-operation-id = "getOrgOwnerProjectByNanoId"
parameters = { "path.nano_id" = { dictionary = "projects", probability = 0.7 } }

[[operations]]
include-operation-id-regex = "^(deleteOrgOwnerProjectByNanoId|postOrgOwnerProjectByNanoIdRegenerateApiKey)$"
parameters = { "path.nano_id" = { dictionary = "throwaway_projects", probability = 0.5 } }

[[operations]]
include-operation-id-regex = "^tool_router\\.session\\.(tools|config_history|patch|search|proxy_execute|attach)$"
parameters = { "path.session_id" = { dictionary = "sessions", probability = 0.8 } }

[[operations]]
include-operation-id-regex = "^webhook_endpoints\\.(retrieve|update|replace)$"
parameters = { "path.nano_id" = { dictionary = "webhook_endpoints", probability = 0.8 } }

[[operations]]
include-operation-id-regex = "^toolkits\\.(recommend_scopes|retrieve_scopes_grant_context)$"
parameters = { "path.toolkit_slug" = { dictionary = "toolkits", probability = 0.7 } }

[[operations]]
include-operation-id = "webhook_endpoints.create"
parameters = { "body.toolkit_slug" = { dictionary = "toolkits", probability = 0.7 } }

[[operations]]
include-operation-id-regex = "^tool_router\\.session\\.files\\."
parameters = { "path.session_id" = { dictionary = "sessions", probability = 0.8 }, "path.mount_id" = { dictionary = "mounts", probability = 0.8 } }

TOML
  cat "$WORK/dictionaries.toml"
} >"$WORK/schemathesis.toml"

# --- the runs ----------------------------------------------------------------------------------------------------
field() { "$VENV/bin/python" -c 'import json, sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$WORK/emulator.json" "$1"; }
base_url=$(field base_url)

# The operations the emulator implements: those api/operations.toml maps to the spec ("spec = \"METHOD /path\"").
# Each request carries exactly one credential (two on one request is a 401 in the emulator), so two passes: the
# operations the spec secures with the project key first, then those it secures with the org key, whose destructive
# operations thus cannot disturb the first pass.
"$VENV/bin/python" - "$root" "$WORK" <<'PY'
import json, re, sys

root, work = sys.argv[1:]
# Older table keys (/api/v3/...) are the January spec's; v3.1 keys are the current API's (api/openapi-current.json),
# fuzzed in a pass of their own against that spec.
specs = {"": json.load(open(f"{root}/api/openapi.json")), "current-": json.load(open(f"{root}/api/openapi-current.json"))}
implemented = set(re.findall(r'^spec = "(\w+) (\S+)"', open(f"{root}/api/operations.toml").read(), re.M))
known = set()
for prefix, spec in specs.items():
    passes = {"project": [], "org": [], "user": []}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            known.add((method.upper(), path))
            if (method.upper(), path) in implemented:
                schemes = {name for requirement in operation.get("security", []) for name in requirement}
                kind = {frozenset({"OrgApiKeyAuth"}): "org", frozenset({"UserApiKeyAuth"}): "user"}.get(frozenset(schemes), "project")
                passes[kind].append(re.escape(operation["operationId"]))
    for name, ids in passes.items():
        open(f"{work}/{prefix}{name}.operations", "w").write("^(" + "|".join(ids) + ")$" if ids else "")
missing = implemented - known
if missing:
    sys.exit(f"api/operations.toml names operations neither spec has: {sorted(missing)}")
PY

status=0
run_pass() {
  local name=$1 header=$2 spec=$3 ops
  [[ " $FUZZ_PASSES " == *" $name "* ]] || return 0
  ops=$(cat "$WORK/$name.operations")
  [ -n "$ops" ] || return 0
  printf '\n--- fuzz-emulator: %s operations (%s) ---\n' "$name" "$spec"
  # From $WORK, where hypothesis leaves its .hypothesis/. One worker: two threads race inside schemathesis 4.32
  # (internal SystemError/KeyError in the coverage phase) and are no faster under the GIL.
  (cd "$WORK" && FUZZ_CREDENTIAL=${header%%:*} "$VENV/bin/schemathesis" --config-file schemathesis.toml run "$root/api/$spec" \
    --url "$base_url" --header "$header" --include-operation-id-regex "$ops" \
    --max-examples "$MAX_EXAMPLES" --workers 1 --continue-on-failure --no-color) | tee "$WORK/$name.log" || status=1
}
# The org passes last: their stateful phase follows the project list's links into regenerating a project's key,
# which turns every later request with the seeded key into a 401 (then a pass tests nothing but the 401).
run_pass project "x-api-key: $(field api_key)" openapi.json
run_pass current-project "x-api-key: $(field api_key)" openapi-current.json
run_pass current-user "x-user-api-key: $(field user_api_key)" openapi-current.json
run_pass current-org "x-org-api-key: $(field org_api_key)" openapi-current.json
run_pass org "x-org-api-key: $(field org_api_key)" openapi.json
# A pass whose operations all answered 401/403 tested nothing: fail rather than pass quietly.
if cat "$WORK"/*.log 2>/dev/null | grep -q "operations returned only 401/403 responses"; then
  echo "fuzz-emulator: a pass ran unauthenticated (see above)" >&2
  status=1
fi
exit $status
