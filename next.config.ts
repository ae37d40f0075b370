import type { NextConfig } from "next";

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
    ],
  },
  // client-node pulls in ws, undici and native-ish helpers; keep it out of the bundle.
  serverExternalPackages: ["@kubernetes/client-node"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // Every action takes a few small fields; anything bigger is refused before it is parsed.
    serverActions: { bodySizeLimit: "16kb" },
  },
};

export default nextConfig;
