# Shared settings of the image scripts (sourced by image-base.sh and image-check.sh).
# buildah runs as root with chroot isolation: there is no container runtime that works in this
# sandbox (podman/crun fail on its cgroup v1 hybrid mode), and chroot isolation needs none.
image_cache="${XDG_CACHE_HOME:-$HOME/.cache}/arr-dashboard"
mkdir -p "$image_cache"
export BUILDAH_ISOLATION=chroot
# buildah applies containers.conf's default ulimits to each RUN step; setting them is refused
# here (setrlimit: operation not permitted), so none are set.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  export CONTAINERS_CONF="$image_cache/containers.conf"
  printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
fi
say() { printf 'image: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}
