import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";

// Browser tests drive Debian's Chromium (never a downloaded browser) against the production
// build of the dashboard (`npm run build`; the standalone server the image runs, scripts/serve.sh), which talks to the local control plane named by $KUBECONFIG.
const port = Number(process.env.ARR_E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e/browser",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".local/reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "sh scripts/serve.sh",
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // Dev/test mode: the admin password in plain env (refused in production and in a pod), and
    // auth state (generated session secret, throttle counters) in its own directory.
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      ARR_DEV_MODE: "1",
      ARR_ADMIN_PASSWORD: process.env.ARR_ADMIN_PASSWORD ?? "arr-e2e-admin-password",
      // As behind the Gateway: the right-most X-Forwarded-For entry is the client (auth.spec.ts
      // gives each throttling test an address of its own that way).
      ARR_TRUSTED_PROXY_HOPS: "1",
      // Absolute: the standalone server runs in its own directory.
      ARR_STATE_DIR: path.resolve(process.env.ARR_E2E_STATE_DIR ?? ".local/e2e-state"),
    },
  },
});
