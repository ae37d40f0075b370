import { expect, test, type Page } from "@playwright/test";
import {
  appKeys,
  getStandinState,
  resetStandins,
  standinDown,
  standinUp,
} from "@/e2e/support/apps";
import { login } from "./support/auth";
import { freshStack } from "./support/cluster";
import { Dashboard } from "./support/dashboard";

// What the apps say about themselves, from their own APIs (the local stand-ins and the real
// qBittorrent that e2e/cluster/up.sh starts): the section on each app's page, the flag on the
// overview card, and no key in anything the browser receives.
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await resetStandins(); // the "half wired" default
  await freshStack();
});

test.beforeEach(async ({ page }) => {
  await login(page);
});

/** Every response body the page receives from the dashboard while `fn` runs. */
async function bodiesDuring(page: Page, fn: () => Promise<void>): Promise<string[]> {
  const bodies: Promise<string>[] = [];
  const onResponse = (res: import("@playwright/test").Response) => {
    // Event streams never end; their pushes are checked through the page's text below.
    if (!(res.headers()["content-type"] ?? "").includes("text/event-stream"))
      bodies.push(res.text().catch(() => ""));
  };
  page.on("response", onResponse);
  try {
    await fn();
  } finally {
    page.off("response", onResponse);
  }
  return Promise.all(bodies);
}

test("Radarr's page shows its version, its health messages and the blocked import, from its API", async ({
  page,
}) => {
  const radarr = await getStandinState("radarr");
  expect(radarr.health.length).toBeGreaterThan(0); // the default has something to show
  const d = new Dashboard(page);
  await d.gotoApp("radarr");
  const section = page.getByTestId("app-self-report");
  await expect(section).toContainText(`Version ${radarr.status.version}`);
  const health = page.getByTestId("self-report-health").locator("li");
  await expect(health).toHaveCount(radarr.health.length);
  for (const h of radarr.health) {
    const item = health.filter({ hasText: h.source ?? "" });
    await expect(item).toContainText(h.message ?? "");
    await expect(item.getByRole("link", { name: "wiki" })).toHaveAttribute("href", h.wikiUrl ?? "");
  }
  const queue = page.getByTestId("self-report-queue");
  await expect(queue).toContainText(`Queue: ${radarr.queue.length} item`);
  for (const q of radarr.queue.filter((q) => q.trackedDownloadState === "importBlocked"))
    await expect(queue).toContainText(q.title ?? "");
});

test("the overview card says when Radarr runs but its own health reports an error", async ({
  page,
}) => {
  const radarr = await getStandinState("radarr");
  const error = radarr.health.find((h) => h.type === "error");
  expect(error).toBeDefined();
  const d = new Dashboard(page);
  const card = d.appCard("radarr");
  // The overview waits 1.5 s for the apps' answers; a cold cache may need one more load.
  await expect
    .poll(
      async () => {
        await d.gotoOverview();
        await expect(card.getByTestId("app-health")).toHaveText("Healthy");
        return card.getByTestId("app-self-flag").count();
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(1);
  await expect(card.getByTestId("app-self-flag")).toContainText("Running, but its own health says");
});

test("an app that does not answer gets a could-not-ask line, not a fake health", async ({
  page,
}) => {
  await standinDown("prowlarr");
  try {
    const d = new Dashboard(page);
    // The clients cache answers for ~30 s: reload until the refusal shows.
    await expect
      .poll(
        async () => {
          await d.gotoApp("prowlarr");
          return page.getByTestId("self-report-error").count();
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(1);
    await expect(page.getByTestId("self-report-error")).toContainText("Could not ask Prowlarr");
    await expect(page.getByTestId("self-report-health")).toHaveCount(0);
  } finally {
    await standinUp("prowlarr");
  }
});

test("no key or password reaches the browser on any page that shows the apps", async ({ page }) => {
  const keys = Object.values(appKeys()).filter((k) => k.length >= 8);
  expect(keys.length).toBeGreaterThanOrEqual(6);
  const d = new Dashboard(page);
  const texts: string[] = [];
  const bodies = await bodiesDuring(page, async () => {
    for (const go of [
      () => d.gotoOverview(),
      () => d.gotoApp("sonarr"),
      () => d.gotoApp("radarr"),
      () => d.gotoApp("prowlarr"),
      () => d.gotoApp("qbittorrent"),
      () => d.gotoApp("jellyfin"),
      () => d.gotoChecks(),
      () => d.gotoHardlinks(),
    ]) {
      await go();
      // Not "networkidle": the app pages keep a log stream open.
      await expect(page.locator("main h1").first()).toBeVisible();
      await page.waitForTimeout(1_000); // the pushes that follow the first render
      texts.push(await page.content());
    }
    texts.push(await (await page.request.get("/api/checks")).text());
  });
  const all = [...bodies, ...texts];
  expect(all.length).toBeGreaterThan(8);
  for (const key of keys) expect(all.filter((b) => b.includes(key))).toHaveLength(0);
});
