#!/usr/bin/env bash
# Stops and deletes the local cluster named $ARR_CLUSTER (default arr-dev) and every process that
# up.sh started. The simulated NFS tree under .local/ is kept unless ARR_PURGE=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
pidf="$state/sim-infra.pid"
if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null || true; rm -f "$pidf"; fi
bin=$("$cluster_dir/build.sh")
if [ -d "$kwok_dir" ]; then
  "$bin/kwokctl" delete cluster --name "$ARR_CLUSTER" --kubeconfig "$state/kubeconfig.merged" >&2 || true
fi
[ "${ARR_PURGE:-0}" = 1 ] && rm -rf "$state"
say "stopped"
