# syntax=docker/dockerfile:1
# arr-dashboard's production image: Next's standalone server (next.config.ts has
# `output: "standalone"`) on Node 24, running as a numeric non-root user so the Deployment in
# k8s/dashboard passes Pod Security `restricted` with a read-only root file system. The stack's
# manifests (k8s/media) ship beside server.js: the server loads its desired state from them.
#   docker build -t ghcr.io/rommelporras/arr-dashboard:0.1.0 .
# `npm run image:check` builds this file with buildah on a locally assembled base
# (--build-arg NODE_IMAGE=…, scripts/image-base.sh) and starts the image's server (README).
#
# NODE_IMAGE: the base of all three stages. Pin it by digest when you build
# (node:24.21.0-bookworm-slim@sha256:…).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The npm cache is a build cache, not a layer. The optional build secret `npm-ca` is a CA bundle
# for builders behind a TLS-intercepting proxy (the local proof passes the host's); it is mounted
# for this step only and never stored in the image.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm-ca,required=false \
    if [ -s /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi; \
    NPM_CONFIG_UPDATE_NOTIFIER=false npm ci --no-fund --no-audit --loglevel=error

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# `next build`, then scripts/finish-build.mjs: static assets beside server.js and the server's
# @kubernetes/client-node pruned to what the app imports; then scripts/image-prune.mjs removes
# what the traced server never loads (the rest of client-node; sharp when next/image is unused).
# Next's build cache is a build cache mount, not part of a layer: rebuilds after a source change
# compile incrementally.
RUN --mount=type=cache,target=/app/.next/cache \
    npm run build && node scripts/image-prune.mjs

FROM ${NODE_IMAGE} AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    ARR_MANIFESTS=/app/k8s/media \
    ARR_STATE_DIR=/tmp/arr-dashboard
# Everything stays root-owned and read-only for the app user; it writes only to the emptyDirs
# the Deployment mounts at /tmp and /app/.next/cache. The login throttle's counters go to /tmp
# (ARR_STATE_DIR), which outlives a container restart in the pod; the default ./.local would be
# on the read-only root.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/k8s/media ./k8s/media
# serve.sh sets the memory settings (glibc malloc, V8 young generation) and execs server.js. It is
# the entrypoint itself, not a command for the base's entrypoint, so the process tree is the same
# on any base: serve.sh becomes node, which gets SIGTERM directly.
COPY --chmod=0755 scripts/serve.sh ./serve.sh
USER 10001:10001
EXPOSE 3000
ENTRYPOINT ["/app/serve.sh"]
CMD []
