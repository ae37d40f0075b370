import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../support/chromium";

// Benchmarks are scripts that print figures; Playwright runs them because it drives Chromium and
// compiles TypeScript with the project's path aliases. Each script starts its own dashboard
// (`npm run build` first) against the cluster named by $KUBECONFIG.
//   npx playwright test -c e2e/bench/playwright.config.ts freshness
export default defineConfig({
  testDir: ".",
  testMatch: "*.bench.ts",
  workers: 1,
  retries: 0,
  timeout: 60 * 60_000,
  reporter: [["list"]],
  use: {
    launchOptions: chromiumLaunchOptions,
  },
});
