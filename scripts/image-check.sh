#!/usr/bin/env bash
# `npm run image:check` (also run by .ci/run): builds the repository's Dockerfile for real and
# starts the built image's server, with no container engine and no registry, as root:
#  1. a base standing in for the official Node 24 image, assembled from Debian's packages and the
#     npm registry (scripts/image-base.sh; cached by its inputs);
#  2. `buildah bud` of the unchanged Dockerfile with --build-arg NODE_IMAGE=<that base> (npm ci and
#     the build run inside, with chroot isolation and the host's network; layers are cached);
#  3. the image's size and its largest paths;
#  4. a local cluster of its own (ARR_IMAGE_CLUSTER, default arr-image), the image mounted, and
#     e2e/image/image.spec.ts: the image's entrypoint started from its mounted root (read-only, as
#     uid 10001, scripts/image-run.sh); /api/healthz and /api/readyz, the overview in Chromium for
#     a signed-in session, the server's RSS, SIGTERM.
# Fails (exit 1) when a Dockerfile step fails or the server does not start or stop properly.
# Installs what it needs on a fresh machine: npm packages and chromium (scripts/setup.sh),
# buildah and debootstrap (apt-get). Cold (empty caches): ~10 minutes; warm: ~4 (README).
set -euo pipefail
export ARR_TEST_DEPS=1
source "$(dirname "$0")/setup.sh"
source "$repo/scripts/image-lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root (buildah's storage, mount namespaces, chroot)"

missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

IMAGE=localhost/arr-dashboard:check
CTR=arr-image-check
work="$repo/.local/image"
rm -rf "$work" && mkdir -p "$work"
t0=$SECONDS
elapsed() { echo "$((SECONDS - $1)) s"; }

log "base image"
base=$(bash scripts/image-base.sh)
t_base=$(elapsed "$t0")

log "building the Dockerfile with buildah on $base (log: .local/image/build.log)"
t1=$SECONDS
# Behind a TLS-intercepting proxy (as here) npm in the build needs the host's CA bundle: a build
# secret, mounted for `npm ci` only (see the Dockerfile).
ca=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
secret=()
[ -s "$ca" ] && secret=(--secret "id=npm-ca,src=$ca")
if ! buildah bud --layers --pull=never --build-arg "NODE_IMAGE=$base" "${secret[@]}" \
  -f Dockerfile -t "$IMAGE" . >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  die "the Dockerfile did not build (full log: .local/image/build.log)"
fi
t_build=$(elapsed "$t1")

cluster=${ARR_IMAGE_CLUSTER:-arr-image}
cleanup() {
  buildah rm "$CTR" >/dev/null 2>&1 || true
  ARR_CLUSTER=$cluster ARR_PURGE=1 bash e2e/cluster/down.sh >/dev/null 2>&1 || true
}
trap cleanup EXIT
buildah rm "$CTR" >/dev/null 2>&1 || true
buildah from --quiet --name "$CTR" --pull=never "$IMAGE" >/dev/null
root=$(buildah mount "$CTR")
# The image's OCI config (entrypoint, user, environment, working directory) for image-run.sh.
buildah inspect --type image "$IMAGE" |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.stringify(JSON.parse(s).OCIv1.config)))' >"$work/config.json"

# Size: the image, its base, and what the Dockerfile adds (all uncompressed), and where it goes.
mib() { awk '{ printf "%.1f MiB", $1 / 1048576 }'; }
total_bytes=$(du -sb "$root" | cut -f1)
app_bytes=$(du -sb "$root/app" | cut -f1)
log "image size: $(echo "$total_bytes" | mib) uncompressed ($(buildah images --noheading --format '{{.Size}}' "$IMAGE") as buildah counts it); the base $(echo $((total_bytes - app_bytes)) | mib), added by the Dockerfile (/app) $(echo "$app_bytes" | mib) (goal: under 150 MiB)"
{
  echo "largest directories under /app (to depth 4):"
  du -b --max-depth=4 "$root/app" | sort -rn | sed -n '2,16p' |
    awk -v r="$root" '{ p = $2; sub("^" r, "", p); printf "  %8.1f MiB  %s\n", $1 / 1048576, p }'
  echo "largest files under /app:"
  find "$root/app" -type f -printf '%s %p\n' | sort -rn | sed -n '1,10p' |
    awk -v r="$root" '{ p = $2; sub("^" r, "", p); printf "  %8.1f MiB  %s\n", $1 / 1048576, p }'
} | tee "$work/sizes.txt" >&2
[ "$app_bytes" -lt $((150 * 1048576)) ] || log "warning: the Dockerfile adds more than 150 MiB"

log "starting a local cluster ($cluster) for the image's server"
t2=$SECONDS
export ARR_CLUSTER=$cluster
env_out=$(bash e2e/cluster/up.sh) || die "the local control plane did not start"
eval "$env_out"
# The runtime's part: mount points for the pod's volumes, in the container's own writable layer
# (the image stays untouched; image-run.sh then makes the root read-only).
mkdir -p "$root/tmp" "$root/run" "$root/app/.next/cache"
[ -e "$root/etc/hosts" ] || : >"$root/etc/hosts" # a runtime mounts the pod's /etc/hosts there
ARR_IMAGE_ROOT=$root ARR_IMAGE_CONFIG="$work/config.json" \
  npx playwright test -c e2e/image/playwright.config.ts || die "the image's server failed the check (server log: .local/image/server.log)"
t_run=$(elapsed "$t2")
log "image check passed: base $t_base, build $t_build, cluster + server check $t_run, total $(elapsed "$t0")"
