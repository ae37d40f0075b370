#!/usr/bin/env bash
# Starts a container image's own entrypoint the way the Deployment in k8s/dashboard runs it, with
# no container runtime: from the image's mounted root file system (`buildah mount`), in private
# mount and PID namespaces, chrooted, as the image's user, with the root file system read-only and
# the pod's writable places as tmpfs (emptyDirs /tmp and /app/.next/cache). Networking is the
# host's: the server listens on loopback and reaches the local cluster there.
#   bash scripts/image-run.sh ROOT CONFIG_FILE KUBECONFIG
# ROOT: the mounted root file system, with the mount points /tmp, /run and /app/.next/cache;
# CONFIG_FILE: the image's OCI config as JSON (`.OCIv1.config` of `buildah inspect --type image`);
# KUBECONFIG: a self-contained kubeconfig, mounted read-only at /run/arr/kubeconfig and owned by
# the image's user (as a Secret volume with fsGroup).
# The environment is the image's, plus these variables when set here (as the Deployment's env):
# PORT HOSTNAME ARR_ADMIN_PASSWORD_HASH ARR_SESSION_SECRET ARR_HOMEPAGE_TOKEN. Secrets travel in
# the environment only, never in an argv.
# It execs `unshare`, whose child becomes the server (PID 1 of its namespace, as in a pod): signal
# that child, not this process.
set -euo pipefail
[ $# = 3 ] || { echo "usage: $0 ROOT CONFIG_FILE KUBECONFIG" >&2; exit 2; }
root=$1 config=$2 kubeconfig=$3
[ "$(id -u)" = 0 ] || { echo "image-run: must run as root (mount and PID namespaces, chroot)" >&2; exit 1; }
[ -x "$root/bin/sh" ] || { echo "image-run: $root has no /bin/sh; is it a mounted image?" >&2; exit 1; }

# The image's entrypoint + command, working directory, user and environment.
mapfile -d '' -t f < <(node -e '
  const c = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const argv = [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])];
  if (!argv.length) throw new Error("the image has neither Entrypoint nor Cmd");
  const user = c.User || "0:0";
  if (!/^\d+(:\d+)?$/.test(user)) throw new Error(`the image user ${user} is not numeric (Pod Security restricted needs a numeric user)`);
  const [uid, gid = uid] = user.split(":");
  const out = [uid, gid, c.WorkingDir || "/", argv.length, ...argv, ...(c.Env ?? [])];
  process.stdout.write(out.join("\0") + "\0");
' "$config")
[ "${#f[@]}" -ge 5 ] || { echo "image-run: cannot read the image config" >&2; exit 1; }
uid=${f[0]} gid=${f[1]} workdir=${f[2]} nargv=${f[3]}
argv=("${f[@]:4:nargv}")
image_env=("${f[@]:4+nargv}")
[ "$uid" != 0 ] || { echo "image-run: the image runs as root; the Deployment requires a non-root user" >&2; exit 1; }

# A private copy of the kubeconfig for the image's user (the caller's may be 0600 root).
secrets=$(mktemp -d /tmp/arr-image-run.XXXXXX)
install -m 0400 -o "$uid" -g "$gid" "$kubeconfig" "$secrets/kubeconfig"

# Newline-separated lists for the namespace's shell (image metadata: no newlines in practice).
for x in "${argv[@]}" "${image_env[@]}"; do
  [[ $x != *$'\n'* ]] || { echo "image-run: a newline in the image's argv or Env is not supported" >&2; exit 1; }
done
IMAGE_RUN_ARGV=$(printf '%s\n' "${argv[@]}")
IMAGE_RUN_ENV=$(printf '%s\n' "${image_env[@]}")
export IMAGE_RUN_ARGV IMAGE_RUN_ENV
export IMAGE_RUN_ROOT=$root IMAGE_RUN_SECRETS=$secrets IMAGE_RUN_UID=$uid IMAGE_RUN_GID=$gid
export IMAGE_RUN_WORKDIR=$workdir
# Inside: mounts (visible to this namespace only), then the image's own process.
# shellcheck disable=SC2016
exec unshare --mount --pid --fork --kill-child --propagation private -- bash -c '
  set -euo pipefail
  root=$IMAGE_RUN_ROOT uid=$IMAGE_RUN_UID gid=$IMAGE_RUN_GID workdir=$IMAGE_RUN_WORKDIR
  mount --bind "$root" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  # The pod'"'"'s emptyDirs (sizes from k8s/dashboard/deployment.yaml), writable by its fsGroup.
  mount -t tmpfs -o size=64m,mode=1777 tmpfs "$root/tmp"
  mount -t tmpfs -o "size=256m,mode=2775,uid=0,gid=$gid" tmpfs "$root/app/.next/cache"
  # Read-only files a runtime provides: the kubeconfig (as a Secret volume), hosts, DNS.
  # (/run, not /var/run: that is a symlink, and mount would follow it out of the root.)
  mount -t tmpfs -o size=1m,mode=0755 tmpfs "$root/run"
  mkdir "$root/run/arr" && : >"$root/run/arr/kubeconfig"
  mount --bind -o ro "$IMAGE_RUN_SECRETS/kubeconfig" "$root/run/arr/kubeconfig"
  for f in /etc/hosts /etc/resolv.conf; do
    if [ -f "$root$f" ] && [ ! -L "$root$f" ]; then mount --bind -o ro "$f" "$root$f"; fi
  done
  mount -o remount,bind,ro "$root"
  # readOnlyRootFilesystem: proven, not assumed.
  if chroot --userspec=0:0 "$root" /bin/sh -c ": >/.arr-write-probe" 2>/dev/null; then
    echo "image-run: the root file system is writable" >&2
    exit 1
  fi
  rm -rf "$IMAGE_RUN_SECRETS" # the bind mount keeps the file for the server
  # The image'"'"'s environment, then the Deployment-like overrides; nothing else of ours.
  mapfile -t image_env <<<"$IMAGE_RUN_ENV"
  mapfile -t argv <<<"$IMAGE_RUN_ARGV"
  overrides=()
  for v in PORT HOSTNAME ARR_ADMIN_PASSWORD_HASH ARR_SESSION_SECRET ARR_HOMEPAGE_TOKEN; do
    [ -n "${!v+x}" ] && overrides+=("$v=${!v}")
  done
  overrides+=("KUBECONFIG=/run/arr/kubeconfig")
  for v in $(compgen -e); do unset "$v"; done
  for kv in "${image_env[@]}" "${overrides[@]}"; do export "$kv"; done
  exec chroot --userspec="$uid:$gid" --groups="$gid" "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "${argv[@]}"
'
