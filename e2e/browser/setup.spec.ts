// The setup page walked in Chromium from an empty cluster (issue 16): Deploy all → every app
// Ready → Preview → Wire all → every wiring item of the checklist green, against the real
// qBittorrent and the stand-ins (all apps unwired first). A reload resumes from the server's
// jobs; a second Wire all sends nothing. Prints "[setup figures]": Deploy click → green checklist.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import {
  appKeys,
  clearStandinRequests,
  resetStandins,
  standinRequests,
  unwireApps,
} from "../support/apps";
import { kubectl } from "../support/kubectl";
import { login } from "./support/auth";

const NS = "media";
const PV = "arr-data-nfs";
const WIRING_ITEMS = [
  "qbittorrent-paths",
  "sonarr-config",
  "radarr-config",
  "prowlarr-indexers",
  "jellyfin-library",
];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const root = process.env.ARR_NFS_ROOT ?? "";
  execFileSync("bash", ["e2e/cluster/sample-nfs.sh", root]); // leaves a non-empty tree alone
  for (const dir of [
    "torrents/movies",
    "torrents/tv",
    "media/movies/Big Buck Bunny (2008)",
    "media/tv/Sintel",
  ])
    mkdirSync(path.join(root, dir), { recursive: true });
  // An empty cluster (the NFS export itself is kept) and unwired apps.
  kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  kubectl(["delete", "pv", PV, "--ignore-not-found", "--wait=true", "--timeout=60s"]);
  await resetStandins();
  await unwireApps(appKeys());
});

test.afterAll(async () => {
  await resetStandins();
});

const mutations = async () =>
  Object.values(await standinRequests()).flatMap((reqs) =>
    Object.entries(reqs ?? {}).filter(
      ([what]) => !what.startsWith("GET ") && !what.endsWith("/auth/login"),
    ),
  );

async function previewAndWire(page: Page) {
  await page.getByTestId("wire-preview").click();
  await expect(page.getByTestId("wiring-plan")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("wire-all")).toBeEnabled();
  await page.getByTestId("wire-all").click();
  await expect(page.getByTestId("wire-job")).toHaveAttribute("data-status", "succeeded", {
    timeout: 90_000,
  });
}

test("from an empty cluster: Deploy, Ready, Wire (previewed), a green checklist; a reload resumes", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await login(page);
  await page.goto("/setup");
  await expect(page).toHaveTitle("Setup · arr-dashboard");
  await expect(page.locator("main")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Setup" })).toHaveAttribute("aria-current", "page");

  const t0 = Date.now();
  await page.getByTestId("setup-deploy").click();
  await expect(page.getByTestId("job-progress")).toHaveAttribute("data-status", "succeeded", {
    timeout: 240_000,
  });
  await expect(page.getByTestId("setup-step-2")).toHaveAttribute("data-done", "true", {
    timeout: 120_000,
  });
  const tReady = Date.now();

  // The preview comes first and shows every change, secrets only by their name.
  await page.getByTestId("wire-preview").click();
  const plan = page.getByTestId("wiring-plan");
  await expect(plan).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("plan-radarr-root-folder")).toHaveAttribute("data-status", "fix");
  await expect(page.getByTestId("plan-radarr-root-folder")).toContainText(
    "POST /api/v3/rootfolder",
  );
  await expect(page.getByTestId("plan-sonarr-download-client")).toContainText(
    "QBITTORRENT_PASSWORD from the Secret",
  );
  const html = await page.content();
  for (const [name, value] of Object.entries(appKeys()))
    if (name !== "QBITTORRENT_USERNAME")
      expect(html.includes(value), `${name} on the page`).toBe(false);

  await page.getByTestId("wire-all").click();
  await expect(page.getByTestId("wire-job")).toHaveAttribute("data-status", "succeeded", {
    timeout: 90_000,
  });
  for (const id of WIRING_ITEMS)
    await expect(page.locator(`[data-check="${id}"]`)).toHaveAttribute("data-verdict", "pass");
  await expect(page.getByTestId("setup-step-4")).toHaveAttribute("data-done", "true");
  const tGreen = Date.now();
  console.log(
    `[setup figures] Deploy click → all Ready ${((tReady - t0) / 1000).toFixed(1)} s; → green checklist ${((tGreen - t0) / 1000).toFixed(1)} s`,
  );

  // A reload resumes from the server: the jobs' states are still there.
  await page.reload();
  await expect(page.getByTestId("setup-step-1")).toHaveAttribute("data-done", "true");
  await expect(page.getByTestId("wire-job")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("wire-step-radarr-root-folder")).toHaveAttribute(
    "data-state",
    "done",
  );
});

test("a second Wire all sends no mutation", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await page.goto("/setup");
  await clearStandinRequests();
  await page.getByTestId("wire-preview").click();
  await expect(page.getByTestId("plan-radarr-root-folder")).toHaveAttribute("data-status", "ok", {
    timeout: 30_000,
  });
  await previewAndWire(page);
  await expect(page.getByTestId("wire-job")).toContainText("0 step(s) ran");
  expect(await mutations()).toEqual([]);
});
