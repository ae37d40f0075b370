// F9 on the app page: a LinuxServer app whose manifests drop ALL capabilities without adding
// CHOWN/SETUID/SETGID back, Running but not Ready past its startup window. The page names the
// cause, links the reason to the matching lines of the container's log (read on the server when
// the rule fires) and shows them; qBittorrent's temporary password, in the same log, reaches no
// page or response.
// Its own server (scripts/serve.sh) on a copy of k8s/media with those capabilities removed
// (ARR_MANIFESTS), since the stack is loaded once per process. The log is the container's log
// file that KWOK serves (e2e/cluster/sim-logs.ts); the test appends what s6 prints.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parseAllDocuments } from "yaml";
import { startDashboard, type Dashboard } from "@/e2e/bench/support/server";
import { appendLog, logFileOf, waitForLogFile } from "@/e2e/support/pod-logs";
import { readyPod, runningNotReadyPod } from "@/e2e/support/pod-status";
import { applyStack, waitStackReady } from "@/e2e/support/stack";
import { loadStack } from "@/lib/stack/load";
import { freshStack, kc, podOf, stack } from "./support/cluster";
import { login } from "./support/auth";
import { collectResponses } from "./support/dashboard";

test.describe.configure({ mode: "serial" });

const APP = "qbittorrent";
const PORT = Number(process.env.ARR_E2E_F9_PORT ?? Number(process.env.ARR_E2E_PORT ?? 3100) + 1002);
const MANIFESTS = path.resolve(".local/e2e-f9-manifests");
const S6_LINES = [
  "s6-applyuidgid: fatal: unable to set supplementary group list: Operation not permitted",
  "s6-rc: warning: unable to start service init-adduser: command exited 1",
  "chown: changing ownership of '/config': Operation not permitted",
];
let dash: Dashboard | undefined;

/** k8s/media copied, with the app's container dropping ALL and adding nothing back. */
function manifestsWithoutCapabilities(): string {
  rmSync(MANIFESTS, { recursive: true, force: true });
  cpSync("k8s/media", MANIFESTS, { recursive: true });
  const file = path.join(MANIFESTS, APP, "deployment.yaml");
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.get("kind") !== "Deployment") continue;
    const containers = doc.getIn(["spec", "template", "spec", "containers"]) as {
      items: { get(k: string): unknown; deleteIn(p: string[]): boolean }[];
    };
    for (const c of containers.items)
      if (c.get("name") === APP) c.deleteIn(["securityContext", "capabilities", "add"]);
  }
  writeFileSync(file, docs.map((d) => d.toString()).join("---\n"));
  return MANIFESTS;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await freshStack();
  const dropped = loadStack(manifestsWithoutCapabilities());
  // The cluster runs what the manifests say (the new template rolls the pod).
  await applyStack(kc, dropped);
  await waitStackReady(kc, dropped);
  dash = await startDashboard({
    port: PORT,
    kubeconfig: process.env.KUBECONFIG!,
    log: path.resolve(".local/e2e-f9-server.log"),
    stateDir: path.resolve(".local/e2e-f9-state"),
    env: { ARR_MANIFESTS: MANIFESTS },
  });
});

test.afterAll(async () => {
  await dash?.stop();
  await applyStack(kc, stack);
  await waitStackReady(kc, stack);
});

test("a LinuxServer app stuck in init: the reason links to the s6 lines of its log", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: dash!.url });
  const page = await context.newPage();
  const responses = collectResponses(page);
  await login(page);

  const pod = await podOf(APP);
  const file = logFileOf(stack.namespace, pod, APP);
  await waitForLogFile(file);
  const secret = /temporary password is provided for this session: (\S+)/.exec(
    readFileSync(file, "utf8"),
  )?.[1];
  expect(secret, "the sample log has the temporary-password line").toBeTruthy();
  appendLog(file, S6_LINES);

  // While the container is Ready the rule does not fire: no cause, no lines.
  await page.goto(`/apps/${APP}`);
  await expect(page.getByTestId("app-detail")).toBeVisible();
  await expect(page.getByTestId("cause-log")).toHaveCount(0);

  // The container has been running for an hour and never became Ready (its kubelet's report).
  await runningNotReadyPod(
    kc,
    stack.namespace,
    pod,
    new Date(Date.now() - 3_600_000).toISOString(),
  );
  await expect(async () => {
    await page.goto(`/apps/${APP}`);
    await expect(page.getByTestId("app-reason")).toContainText("cannot switch to PUID", {
      timeout: 2_000,
    });
    await expect(page.getByTestId("cause-log")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  await expect(page.getByTestId("app-health")).toContainText("Degraded");
  const link = page.getByTestId("reason-cause-link");
  await expect(link).toHaveAttribute("href", "#cause-log");
  const lines = page.getByTestId("cause-log-line");
  await expect(lines).toHaveCount(S6_LINES.length - 1); // the s6-rc warning is not a match
  await expect(lines.first()).toContainText("s6-applyuidgid: fatal");
  await expect(lines.first()).toHaveAttribute("data-highlight", "s6-uidgid");
  await expect(lines.nth(1)).toContainText(
    "changing ownership of '/config': Operation not permitted",
  );
  await expect(page.getByTestId("cause-log")).toContainText(`Pod ${pod}, container ${APP}`);
  await link.click();
  await expect(page).toHaveURL(/#cause-log$/);
  await expect(page.getByTestId("cause-log")).toBeInViewport();

  // No secret anywhere: not in the page, not in any response it got.
  expect(await page.content()).not.toContain(secret!);
  const all = await responses();
  expect(all.length).toBeGreaterThan(0);
  for (const { url, text } of all) expect(text, url).not.toContain(secret!);

  // Ready again: the cause and its lines go.
  await readyPod(kc, stack.namespace, pod);
  await expect(async () => {
    await page.goto(`/apps/${APP}`);
    await expect(page.getByTestId("app-health")).toContainText("Healthy", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("cause-log")).toHaveCount(0);
  await context.close();
});
