import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = {
  "@": root,
  // `server-only` throws outside a React Server Component bundle; tests import server modules directly.
  "server-only": fileURLToPath(
    new URL("./e2e/integration/support/server-only.ts", import.meta.url),
  ),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["e2e/integration/**/*.int.test.ts"],
          environment: "node",
          // One shared control plane: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ["e2e/integration/support/global-setup.ts"],
          // The admin password in dev/test mode (lib/auth/config.ts): teardown asks for it again.
          env: { ARR_ADMIN_PASSWORD: "arr-integration-admin-password" },
        },
      },
    ],
  },
});
