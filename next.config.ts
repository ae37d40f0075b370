import type { NextConfig } from "next";
import { MAX_ACTION_BODY_BYTES } from "./lib/auth/limits";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  output: "standalone",
  // Local state (clusters, sample NFS trees, reports) and test code never belong in the server.
  outputFileTracingExcludes: {
    "*": [
      ".local/**",
      ".git/**",
      "e2e/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "**/*.test.ts",
      "**/*.test.tsx",
    ],
  },
  // client-node pulls in ws, undici and native-ish helpers; keep it out of the bundle.
  serverExternalPackages: ["@kubernetes/client-node"],
  poweredByHeader: false,
  // On every path, static assets included; the CSP (it needs a per-request nonce) is proxy.ts's.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
  typedRoutes: false,
  experimental: {
    // Every action takes a few small fields; anything bigger is refused before it is parsed.
    serverActions: { bodySizeLimit: MAX_ACTION_BODY_BYTES },
    // Next clones every request body for the proxy and buffers the clone (twice: the proxy's copy
    // and the one replayed to the route) up to this size, whatever the proxy answers — before any
    // session or length check can run. At the 10 MB default, 8 unauthenticated chunked POSTs of
    // 9.5 MB took the server from 131 to 341 MiB RSS and it kept 302 MiB (issue 17,
    // e2e/bench/body-flood.ts). No request this app accepts is larger than an action's body.
    // @see node_modules/next/dist/server/body-streams.js (getCloneableBody)
    proxyClientMaxBodySize: MAX_ACTION_BODY_BYTES,
  },
};

export default nextConfig;
