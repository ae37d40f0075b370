#!/usr/bin/env bash
# The one command that runs every test: lint and types, unit tests, then integration tests and
# browser tests against a fresh local control plane (cluster "arr-test", started and stopped here).
# Prints a closing line "total: N passed, N failed".
export ARR_TEST_DEPS=1
source "$(dirname "$0")/setup.sh"
export ARR_CLUSTER=arr-test
reports="$repo/.local/reports"
rm -rf "$reports" && mkdir -p "$reports"
failed=()

stage() {
  local name=$1; shift
  log "$name"
  "$@" || failed+=("$name")
}

cluster_down() { ARR_PURGE=1 bash e2e/cluster/down.sh >/dev/null 2>&1 || true; }
cluster_up() {
  cluster_down
  local env_out
  env_out=$(bash e2e/cluster/up.sh) || { echo "the local control plane did not start (see the messages above)" >&2; exit 1; }
  eval "$env_out"
}
trap cluster_down EXIT

stage "lint (eslint + prettier)" npm run -s lint
stage "types (tsc)" npx tsc --noEmit
stage "unit tests" npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"

log "starting the local control plane (first run builds it: ~10 minutes)"
cluster_up
stage "integration tests" npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"

log "building the dashboard"
npm run -s build >"$reports/next-build.log" 2>&1 || { tail -n 40 "$reports/next-build.log" >&2; failed+=("build"); }
cluster_up  # browser tests start from an empty cluster
# Playwright starts its own server on this port; one left over from an interrupted run would be
# tested instead (or hold the run): refuse, naming it.
port=${ARR_E2E_PORT:-3100}
if holder=$(ss -Hltnp "sport = :$port" 2>/dev/null) && [ -n "$holder" ]; then
  echo "port $port is in use, so the browser tests cannot start their server: $holder" >&2
  echo "stop that process (or set ARR_E2E_PORT to a free port) and run again" >&2
  failed+=("browser tests")
else
  stage "browser tests" npx playwright test
fi

node e2e/support/summary.mjs "$reports" "${failed[@]}"
