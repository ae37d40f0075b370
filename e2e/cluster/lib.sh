# Shared settings of the cluster scripts (sourced). One cluster per $ARR_CLUSTER name:
#   arr-dev  — the embedded default that `npm start` uses
#   arr-test — the one `npm test` starts and stops
# State lives in the repo's gitignored .local/ (KWOK's workdir, logs, the simulated NFS tree).
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster_dir="$repo/e2e/cluster"
ARR_CLUSTER=${ARR_CLUSTER:-arr-dev}
state="$repo/.local/$ARR_CLUSTER"
export KWOK_WORKDIR="$repo/.local/kwok"
kwok_dir="$KWOK_WORKDIR/clusters/$ARR_CLUSTER"
kubeconfig="$kwok_dir/kubeconfig.yaml"
ARR_NFS_ROOT=${ARR_NFS_ROOT:-$state/nfs}
ARR_LOGS_ROOT=${ARR_LOGS_ROOT:-$state/logs}
say() { printf 'cluster[%s]: %s\n' "$ARR_CLUSTER" "$*" >&2; }
die() { say "error: $*"; exit 1; }
