// The app page's log view against real pod logs: KWOK serves each simulated container's log from
// a file (e2e/cluster/sim-logs.ts); these tests write to that file as the container would.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { appendLog, fastWriter, logFileOf, waitForLogFile } from "@/e2e/support/pod-logs";
import { crashLoopPod, freshStack, kc, podOf, stack } from "./support/cluster";
import { login } from "./support/auth";
import { collectResponses, Dashboard } from "./support/dashboard";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await freshStack();
});

test.beforeEach(async ({ page }) => {
  await login(page);
});

const ns = stack.namespace;
const arr = stack.apps.find((a) => a.image.includes("linuxserver") && a.name !== "qbittorrent")!;

async function openLog(page: import("@playwright/test").Page, app: string) {
  const pod = await podOf(app);
  const file = logFileOf(ns, pod, app);
  await waitForLogFile(file);
  const d = new Dashboard(page);
  await d.gotoApp(app);
  await d.waitLogOpen();
  return { d, pod, file };
}

test("shows the container's startup log and a line written to it within 1 s", async ({ page }) => {
  const { d, file } = await openLog(page, arr.name);
  // The simulated runtime wrote the LinuxServer image's startup output when the pod started.
  await expect(d.logLines("Brought to you by linuxserver.io")).toHaveCount(1);
  await expect(d.logs().getByTestId("log-status")).toHaveText("Following");
  const marker = `arr-e2e follow ${Date.now()}`;
  appendLog(file, [marker]);
  await expect(d.logLines(marker)).toHaveCount(1, { timeout: 1_000 });
});

test("marks known failure lines, summarises them and links the health reason to them", async ({
  page,
}) => {
  const { d, file, pod } = await openLog(page, arr.name);
  appendLog(file, [
    "s6-applyuidgid: fatal: unable to set supplementary group list: Operation not permitted",
    "[Fatal] ConsoleApp: System.UnauthorizedAccessException: Access to the path '/config/logs.db' is denied.",
  ]);
  await expect(d.logHighlight("s6-uidgid")).toContainText("×1");
  await expect(d.logHighlight("permission-denied")).toBeVisible();
  await expect(d.logLines("s6-applyuidgid")).toHaveAttribute("data-highlight", "s6-uidgid");
  // Highlights only: the plain lines go, the marked ones stay.
  await d.logs().getByTestId("log-only-highlights").check();
  await expect(d.logLines("Brought to you by")).toHaveCount(0);
  await expect(d.logLines("Access to the path")).toHaveCount(1);
  await d.logs().getByTestId("log-only-highlights").uncheck();
  // Filter by text.
  await d.logs().getByTestId("log-filter").fill("UnauthorizedAccess");
  await expect(d.logLines()).toHaveCount(1);
  await d.logs().getByTestId("log-filter").fill("");
  // A degraded app's reason links down to the log.
  await crashLoopPod(kc, ns, pod, 2);
  await expect(page.getByTestId("reason-log-link")).toHaveAttribute("href", "#logs");
});

test("hides qBittorrent's temporary password but highlights the line", async ({ page }) => {
  // Every response the page gets, read whole unless it is a stream (the log's own stream is
  // checked below with follow=0, which ends after the tail).
  const responses = collectResponses(page);
  const { d, file, pod } = await openLog(page, "qbittorrent");
  const secret = /temporary password is provided for this session: (\S+)/.exec(
    readFileSync(file, "utf8"),
  )?.[1];
  expect(secret, "the sample log has the temporary-password line").toBeTruthy();
  expect(secret).not.toContain("[hidden");
  await expect(d.logHighlight("qbittorrent-temp-password")).toBeVisible();
  await expect(d.logLines("temporary password")).toContainText("[hidden by the dashboard]");
  await expect(d.logLines("temporary password")).toHaveAttribute(
    "data-highlight",
    "qbittorrent-temp-password",
  );
  // The hint gives the exact command that shows it.
  await expect(
    d.logHighlight("qbittorrent-temp-password").getByTestId("log-highlight-command"),
  ).toHaveText(`kubectl -n ${ns} logs ${pod} -c qbittorrent`);
  // Not in the page (text, attributes, inline data)…
  await expect(d.logs()).not.toContainText(secret!);
  expect(await page.content()).not.toContain(secret!);
  // …nor in the log's event stream…
  const stream = await page.request.get(`/api/apps/qbittorrent/logs?follow=0&tail=5000`);
  expect(stream.status()).toBe(200);
  const streamText = await stream.text();
  expect(streamText).toContain("[hidden by the dashboard]");
  expect(streamText).not.toContain(secret!);
  // …nor in the download…
  const download = await page.request.get(
    (await d.logs().getByTestId("log-download").getAttribute("href"))!,
  );
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/attachment; filename=".*\.log"/);
  const text = await download.text();
  expect(text).toContain("temporary password is provided for this session: [hidden");
  expect(text).not.toContain(secret!);
  // …nor in any other response the page got.
  const all = await responses();
  expect(all.length).toBeGreaterThan(0);
  for (const { url, text } of all) expect(text, url).not.toContain(secret!);
});

test("pause holds the view while lines keep arriving; timestamps and wrap toggle", async ({
  page,
}) => {
  const { d, file } = await openLog(page, arr.name);
  await d.logs().getByTestId("log-pause").click();
  const during = `arr-e2e paused ${Date.now()}`;
  appendLog(file, [during]);
  await expect(d.logs().getByTestId("log-counts")).toContainText("1 new line");
  await expect(d.logLines(during)).toHaveCount(0);
  await d.logs().getByTestId("log-pause").click();
  await expect(d.logLines(during)).toHaveCount(1);
  await d.logs().getByTestId("log-timestamps").check();
  await expect(d.logLines(during)).toContainText(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  await d.logs().getByTestId("log-wrap").uncheck();
  await expect(d.logLines(during)).toHaveClass(/whitespace-pre(?!-)/);
});

test("shows the previous container's log after a restart", async ({ page }) => {
  const pod = await podOf(arr.name);
  const previous = logFileOf(ns, pod, arr.name, "previous");
  const marker = `arr-e2e previous instance ${Date.now()}`;
  appendLog(previous, ["[Info] Bootstrap: Starting", marker, "[Fatal] exiting"]);
  await crashLoopPod(kc, ns, pod, 1);
  const { d } = await openLog(page, arr.name);
  const button = d.logs().getByTestId("log-previous");
  await expect(button).toBeEnabled();
  await button.click();
  await expect(d.logLines(marker)).toHaveCount(1);
  await expect(d.logLines("Brought to you by linuxserver.io")).toHaveCount(0);
});

test("refuses pods and containers that are not the app's own with a clear 400", async ({
  page,
}) => {
  const pod = await podOf(arr.name);
  const other = stack.apps.find((a) => a.name !== arr.name)!;
  const otherPod = await podOf(other.name);
  const get = (q: string) => page.request.get(`/api/apps/${arr.name}/logs?${q}`);
  const cases: [string, RegExp][] = [
    [`pod=${otherPod}`, /is not a pod of/],
    [`pod=${pod}&container=${other.name}`, /not a container of/],
    [`container=istio-proxy`, /not a container of/],
    [`pod=..%2F..%2Fetc`, /pod/],
    [`pod=kube-apiserver-0`, /is not a pod of/],
    [`tail=999999`, /tail/],
    [`previous=maybe`, /previous/],
    [`namespace=kube-system`, /namespace/],
  ];
  for (const [q, message] of cases) {
    const res = await get(q);
    expect(res.status(), q).toBe(400);
    expect(((await res.json()) as { error: string }).error, q).toMatch(message);
  }
  expect((await page.request.get(`/api/apps/not-an-app/logs`)).status()).toBe(400);
  // Signed out: no log at all.
  const anonymous = await page
    .context()
    .browser()!
    .newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anonymous.request.get(`/api/apps/${arr.name}/logs`)).status()).toBe(401);
  await anonymous.close();
});

// The server's memory under this writer is a figure, not an assertion: `npm run bench:logs`
// measures it (issue 14's target is +30 MiB; see the README's benchmark table).
test("a fast writer (10 000 lines/s for 30 s): the page stays usable, bounded, and gets the last line", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { d, file } = await openLog(page, arr.name);
  const writing = fastWriter(file, { linesPerSecond: 10_000, seconds: 30, prefix: "arr-e2e fast" });
  // While it writes, the page keeps rendering frames (a frozen page would time out here).
  const start = Date.now();
  while (Date.now() - start < 29_000) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    await page.waitForTimeout(1_000);
  }
  const written = await writing;
  expect(written).toBeGreaterThan(100_000);
  const last = `arr-e2e fast done ${Date.now()}`;
  appendLog(file, [last]);
  await expect(d.logLines(last)).toHaveCount(1, { timeout: 15_000 });
  // The page stayed usable: the DOM holds a bounded number of rows and a filter still works.
  expect(await d.logLines().count()).toBeLessThanOrEqual(1000);
  await d.logs().getByTestId("log-filter").fill(last);
  await expect(d.logLines()).toHaveCount(1);
});
