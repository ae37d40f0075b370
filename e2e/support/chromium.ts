import type { LaunchOptions } from "@playwright/test";

/**
 * Debian's Chromium (never a downloaded browser) with the flags this machine needs: no sandbox
 * (tests run as root), no GPU, nothing that reaches the network on its own. Shared by the test
 * and benchmark Playwright configs.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
