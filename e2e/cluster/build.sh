#!/usr/bin/env bash
# Builds the local control plane from the Go module proxy and prints the directory holding the
# binaries: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok, kwokctl.
# Binaries are cached outside git under $ARR_CACHE_DIR (default ~/.cache/arr-dashboard), keyed by
# the pinned versions, the wrapper modules and the Go version, so they are rebuilt only when one
# of those changes. A cold build takes ~10 minutes on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"
cache=${ARR_CACHE_DIR:-$HOME/.cache/arr-dashboard}

command -v go >/dev/null || { echo "build.sh: 'go' is not on PATH (Go ≥ 1.26 is needed to build the control plane)" >&2; exit 1; }
key=$( { cat "$here/versions.env" "$here"/build/*/go.mod "$here"/build/*/go.sum; go version; } | sha256sum | cut -c1-16)
bin="$cache/bin/$key"
need=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl)

complete() { for b in "${need[@]}"; do [ -x "$bin/$b" ] || return 1; done; }
if complete; then echo "$bin"; exit 0; fi
# One build at a time on this machine: a second caller waits for the first and reuses its result
# (concurrent cold builds of the same binaries only multiply the CPU time on 2 cores).
mkdir -p "$cache"
exec 9>"$cache/build.lock"
flock 9
if complete; then echo "$bin"; exit 0; fi

mkdir -p "$bin.tmp"
log="$cache/build-$key.log"
echo "build.sh: building the control plane into $bin (log: $log); the first build takes ~10 minutes" >&2
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
ld=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
step() { echo "build.sh: $1" >&2; }
{
  step "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl ($K8S_VERSION)"
  (cd "$here/build/kube" && go build -trimpath -tags selinux,notest -ldflags "$ld" -o "$bin.tmp/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
  step "etcd ($ETCD_VERSION)"
  (cd "$here/build/etcd" && go build -trimpath -o "$bin.tmp/etcd" go.etcd.io/etcd/server/v3)
  step "kwok, kwokctl ($KWOK_VERSION)"
  (cd "$here/build/kwok" && go build -trimpath -o "$bin.tmp/" \
    sigs.k8s.io/kwok/cmd/kwok sigs.k8s.io/kwok/cmd/kwokctl)
} 2> >(tee -a "$log" >&2) || { echo "build.sh: build failed; see $log" >&2; exit 1; }
rm -rf "$bin" && mv "$bin.tmp" "$bin"
echo "$bin"
