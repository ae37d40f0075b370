// The operator's path in Chromium: deploy from an empty cluster, redeploy (nothing changes),
// restart, stop/start, tear down and bring everything back with the NFS data kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./support/auth";
import { kubectl, namespaceExists, settledResourceVersions } from "../support/kubectl";
import { DeployPage } from "./support/deploy-page";

const NS = "media";
const PV = "arr-data-nfs";
const APPS = ["prowlarr", "qbittorrent", "sonarr", "radarr", "jellyfin"];

test.describe.configure({ mode: "serial" });

function podUids(app: string): string[] {
  const out = JSON.parse(
    kubectl(["get", "pods", "-n", NS, "-l", `app.kubernetes.io/name=${app}`, "-o", "json"]),
  ) as {
    items: {
      metadata: { uid: string; deletionTimestamp?: string };
      status: { conditions?: { type: string; status: string }[] };
    }[];
  };
  return out.items
    .filter(
      (p) =>
        !p.metadata.deletionTimestamp &&
        p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    )
    .map((p) => p.metadata.uid);
}

function replicas(app: string): number {
  return Number(kubectl(["get", "deployment", app, "-n", NS, "-o", "jsonpath={.spec.replicas}"]));
}

async function signedIn(page: Page): Promise<DeployPage> {
  await login(page);
  const d = new DeployPage(page);
  await d.goto();
  return d;
}

test.beforeAll(() => {
  // An empty cluster: no namespace, no PV object (the NFS export itself is kept).
  kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait=true", "--timeout=120s"]);
  kubectl(["delete", "pv", PV, "--ignore-not-found", "--wait=true", "--timeout=60s"]);
});

test("deploys from an empty cluster to all five apps Ready, object by object", async ({ page }) => {
  test.setTimeout(240_000);
  const d = await signedIn(page);
  await d.deploy();
  const { status, summary } = await d.waitForJob();
  expect(summary).toMatch(/^\d+ created, 0 configured, 0 unchanged; 5\/5 apps Ready$/);
  expect(status).toBe("succeeded");
  await expect(d.objectOutcome(`Namespace/${NS}`)).toHaveAttribute("data-outcome", "created");
  await expect(d.objectOutcome(`PersistentVolume/${PV}`)).toHaveAttribute(
    "data-outcome",
    "created",
  );
  for (const app of APPS) await expect(d.rollout(app)).toHaveAttribute("data-phase", "ready");
});

test("a second deploy with nothing changed says so and changes no resourceVersion", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const d = await signedIn(page);
  const plan = await d.preview();
  await expect(plan.getByTestId("plan-nothing")).toBeVisible();
  const before = await settledResourceVersions(NS);
  await d.deploy();
  const { status, summary } = await d.waitForJob();
  expect(status).toBe("succeeded");
  expect(summary).toMatch(/^Nothing changed: all \d+ objects unchanged; 5\/5 apps Ready$/);
  expect(await settledResourceVersions(NS)).toEqual(before);
});

test("preview shows a field-level diff of a drifted object", async ({ page }) => {
  kubectl(["set", "env", `deployment/prowlarr`, "-n", NS, "TZ=UTC"]);
  const d = await signedIn(page);
  await d.selectScope("prowlarr");
  const plan = await d.preview();
  const row = plan.locator(`[data-testid="plan-row"][data-key="Deployment/${NS}/prowlarr"]`);
  await expect(row).toHaveAttribute("data-action", "update");
  await expect(row.getByTestId("diff-row")).toContainText("env[name=TZ].value");
  await expect(row.getByTestId("diff-row")).toContainText('"UTC"');
  await d.deploy();
  expect((await d.waitForJob()).status).toBe("succeeded");
  await expect(d.objectOutcome(`Deployment/${NS}/prowlarr`)).toHaveAttribute(
    "data-outcome",
    "configured",
  );
});

test("restart replaces the pod; stop and start scale 1 → 0 → 1", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  const [old] = podUids("sonarr");
  expect(old).toBeTruthy();
  await page.goto("/apps/sonarr");
  const actions = page.getByTestId("app-actions-sonarr");
  await actions.getByRole("button", { name: "restart sonarr", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restart", exact: true }).click();
  await expect(actions.getByRole("status")).toContainText("Restart requested");
  await expect
    .poll(() => podUids("sonarr").filter((u) => u !== old).length, { timeout: 60_000 })
    .toBe(1);

  await page.goto("/apps/radarr");
  const radarr = page.getByTestId("app-actions-radarr");
  await expect(radarr.getByRole("button", { name: "start radarr", exact: true })).toBeDisabled();
  await radarr.getByRole("button", { name: "stop radarr", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Stop", exact: true }).click();
  await expect(radarr.getByRole("status")).toContainText("Stopped");
  expect(replicas("radarr")).toBe(0);
  await expect(radarr.getByRole("button", { name: "start radarr", exact: true })).toBeEnabled({
    timeout: 15_000,
  });
  await radarr.getByRole("button", { name: "start radarr", exact: true }).click();
  await expect(radarr.getByRole("status")).toContainText("Started");
  expect(replicas("radarr")).toBe(1);
  await expect.poll(() => podUids("radarr").length, { timeout: 60_000 }).toBe(1);
});

test("teardown keeps the NFS data; a later deploy releases the PV and brings everything back, even across a reload", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const root = process.env.ARR_NFS_ROOT;
  expect(root, "ARR_NFS_ROOT").toBeTruthy();
  mkdirSync(join(root!, "media", "movies"), { recursive: true });
  const marker = join(root!, "media", "movies", `browser-keep-${Date.now()}.txt`);
  writeFileSync(marker, "kept\n");

  const d = await signedIn(page);
  await d.teardown(NS);
  const down = await d.waitForJob();
  expect(down.status).toBe("succeeded");
  expect(down.summary).toContain(`PV ${PV} kept (Released)`);
  expect(namespaceExists(NS)).toBe(false);
  expect(existsSync(marker)).toBe(true);

  await d.goto();
  await expect(page.getByTestId("released-pv")).toBeVisible();
  await d.deploy({ releaseIfAsked: true });
  // A reload does not lose the running job: the page picks it up again.
  await page.reload();
  await expect(page.getByTestId("job-progress")).toBeVisible();
  const up = await d.waitForJob();
  expect(up.status).toBe("succeeded");
  expect(up.summary).toMatch(/5\/5 apps Ready$/);
  expect(kubectl(["get", "pv", PV, "-o", "jsonpath={.status.phase}"])).toBe("Bound");
  expect(readFileSync(marker, "utf8")).toBe("kept\n");
});
