import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../support/chromium";

// The container image check: Debian's Chromium against the built image's own server, which the
// spec starts from the image's root file system. Run by scripts/image-check.sh
// (`npm run image:check`), which builds and mounts the image and starts a cluster first.
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${Number(process.env.ARR_IMAGE_PORT ?? 3197)}`,
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  outputDir: "../../.local/image/test-results",
});
