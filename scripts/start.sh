#!/usr/bin/env bash
# The one command that starts the dashboard on its embedded default: the local control plane
# (cluster "arr-dev": 3 × 16 CPU / 64Gi KWOK nodes) with a sample NFS tree, then a production
# build of the dashboard (the standalone server the image runs) on http://127.0.0.1:${PORT:-3000}. Installs what it needs; the first run
# builds the control plane from Go modules (~10 minutes). Ctrl-C stops the dashboard; the cluster
# keeps running (npm run cluster:down stops it).
source "$(dirname "$0")/setup.sh"
export ARR_CLUSTER=${ARR_CLUSTER:-arr-dev}
env_out=$(bash e2e/cluster/up.sh) || { echo "the local control plane did not start (see the messages above)" >&2; exit 1; }
eval "$env_out"
bash e2e/cluster/sample-nfs.sh "$ARR_NFS_ROOT"
log "building the dashboard"
npm run -s build >"$repo/.local/next-build.log" 2>&1 || { tail -n 40 "$repo/.local/next-build.log" >&2; exit 1; }
export PORT=${PORT:-3000}
log "arr-dashboard on http://${HOST:-127.0.0.1}:$PORT (cluster $ARR_CLUSTER, KUBECONFIG=$KUBECONFIG)"
# The standalone server, as the container image runs it (scripts/serve.sh).
exec sh scripts/serve.sh
