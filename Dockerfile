# syntax=docker/dockerfile:1
# arr-dashboard's production image: Next's standalone server (next.config.ts has
# `output: "standalone"`) on Node 24, running as a numeric non-root user so the Deployment in
# k8s/dashboard passes Pod Security `restricted` with a read-only root file system. The stack's
# manifests (k8s/media) ship beside server.js: the server loads its desired state from them.
#   docker build -t ghcr.io/rommelporras/arr-dashboard:0.1.0 .
# Pin the base by digest when you build (node:24.21.0-bookworm-slim@sha256:…).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# `next build`, then scripts/finish-build.mjs: static assets beside server.js and the server's
# @kubernetes/client-node pruned to what the app imports.
RUN npm run build

FROM ${NODE_IMAGE} AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    ARR_MANIFESTS=/app/k8s/media
# Everything stays root-owned and read-only for the app user; it writes only to the emptyDirs
# the Deployment mounts at /tmp and /app/.next/cache.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/k8s/media ./k8s/media
# serve.sh sets the memory settings (glibc malloc, V8 young generation) and runs server.js.
COPY --chmod=0755 scripts/serve.sh ./serve.sh
USER 10001:10001
EXPOSE 3000
CMD ["./serve.sh"]
