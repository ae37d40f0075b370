#!/usr/bin/env bash
# Stops and deletes the local cluster named $ARR_CLUSTER (default arr-dev) and every process that
# up.sh started. The simulated NFS tree under .local/ is kept unless ARR_PURGE=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# up.sh's own processes: sim-infra, the app stand-ins and qBittorrent (which saves its conf on
# SIGTERM: give it a few seconds).
for name in sim-infra standins qbittorrent; do
  pidf="$state/$name.pid"
  [ -f "$pidf" ] || continue
  pid=$(cat "$pidf")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidf"
done
bin=$("$cluster_dir/build.sh")
if [ -d "$kwok_dir" ]; then
  "$bin/kwokctl" delete cluster --name "$ARR_CLUSTER" --kubeconfig "$state/kubeconfig.merged" >&2 || true
fi
[ "${ARR_PURGE:-0}" = 1 ] && rm -rf "$state"
say "stopped"
