# Sourced by start.sh and test.sh: installs what they need on a fresh machine of this kind
# (Debian, root, Go ≥ 1.26, Node 20 + npm 11 as shipped) and sets up the environment.
#  - npm packages, including Node 24 itself (the `node` devDependency), when package-lock.json
#    changed since the last install;
#  - Debian's qbittorrent-nox; chromium and busybox (tests only: ARR_TEST_DEPS=1);
#  - the control plane binaries are built on demand by e2e/cluster/build.sh (cached).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export NEXT_TELEMETRY_DISABLED=1
log() { printf '==> %s\n' "$*" >&2; }

command -v go >/dev/null || { echo "Go ≥ 1.26 is required to build the local control plane (/usr/local/go/bin is not on PATH?)" >&2; exit 1; }
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null && ! [ node_modules/.arr-installed -nt package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-fund --no-audit --loglevel=error
  touch node_modules/.arr-installed
fi
# npm scripts put node_modules/.bin first on PATH; do the same for this shell.
export PATH="$repo/node_modules/.bin:$PATH"
[ "$(node -p 'process.versions.node.split(".")[0]')" = 24 ] || { echo "node_modules/.bin/node is not Node 24; run npm ci" >&2; exit 1; }

# Debian packages: qbittorrent-nox (the local cluster runs a real qBittorrent beside the app
# stand-ins, for npm start and npm test alike); test-only: chromium (browser tests) and busybox
# (the audit's BusyBox proof).
missing=()
command -v qbittorrent-nox >/dev/null || missing+=(qbittorrent-nox)
if [ "${ARR_TEST_DEPS:-0}" = 1 ]; then
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
  command -v busybox >/dev/null || missing+=(busybox)
fi
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || { echo "missing ${missing[*]} and not root: apt-get install ${missing[*]}" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
