#!/bin/sh
# Runs the production server: Next's standalone server.js, with the memory settings below. The
# container image runs this script (as /app/serve.sh, beside server.js); so do `npm start`, the
# browser tests and the benchmarks (from the repo, on .next/standalone after `npm run build`).
#   PORT (default 3000); HOST here, HOSTNAME in the image (the address to listen on)
#
# Memory (`npm run bench:rss`, 10 minutes, a page open): 174 MiB RSS with these settings, 211 MiB
# for the same build on Node's and glibc's defaults (30 Nov 2026; 148 and 197 MiB before the app
# clients, logs and wiring); before the build pruned client-node (scripts/finish-build.mjs) the
# defaults gave 227 MiB. Each setting is a default: set the
# variable to override it.
#  - glibc malloc: two arenas instead of eight per core, and blocks ≥ 64 KiB mapped and returned to
#    the system when freed instead of staying in a fragmented heap (V8's compiler and Node's
#    buffers allocate and free many such blocks).
#  - V8: a 1 MiB young-generation semi-space instead of up to 16 MiB; the server's short-lived
#    garbage (a render, a JSON view) is small.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/server.js" ]; then
  app=$here # in the image
  node=node
else
  repo=$(dirname "$here")
  app=$repo/.next/standalone
  node=$repo/node_modules/.bin/node
  [ -f "$app/server.js" ] || { echo "no production build in $app: run npm run build" >&2; exit 1; }
  # server.js changes into its own directory: keep reading the manifests and the local state
  # (the generated admin password) from the repo, not from the build's copy.
  export ARR_MANIFESTS="${ARR_MANIFESTS:-$repo/k8s/media}"
  export ARR_STATE_DIR="${ARR_STATE_DIR:-$repo/.local}"
  export HOSTNAME="${HOST:-127.0.0.1}"
fi
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
if [ "${ARR_NODE_DEFAULTS:-0}" != 1 ]; then # 1: Node's and glibc's defaults (bench:rss compares)
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-65536}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-65536}"
  export NODE_OPTIONS="--max-semi-space-size=1${NODE_OPTIONS:+ $NODE_OPTIONS}"
fi
exec "$node" "$app/server.js"
