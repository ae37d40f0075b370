import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  // client-node pulls in ws, undici and native-ish helpers; keep it out of the bundle.
  serverExternalPackages: ["@kubernetes/client-node"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
