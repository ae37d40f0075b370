import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { rssBytes, startDashboard, type Dashboard } from "@/e2e/bench/support/server";
import {
  FAKE_SESSION,
  flood,
  kubeconfigOrUnreachable,
  measureFlood,
} from "@/e2e/support/body-flood";
import { actionId, postAction } from "./support/actions-http";
import { login, SESSION_COOKIE } from "./support/auth";

// Issue 17, item 1: unauthenticated requests must not be able to make the server hold memory.
// Its own server (scripts/serve.sh, as the image runs it), so that its RSS is this test's alone.
const PORT = Number(
  process.env.ARR_E2E_FLOOD_PORT ?? Number(process.env.ARR_E2E_PORT ?? 3100) + 1000,
);
const MiB = 1024 * 1024;

let dash: Dashboard;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const state = path.resolve(".local/e2e-flood-state");
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  dash = await startDashboard({
    port: PORT,
    kubeconfig: kubeconfigOrUnreachable(path.resolve(".local/e2e-unreachable.kubeconfig")),
    log: path.resolve(".local/e2e-flood-server.log"),
    stateDir: state,
    waitForSync: false,
  });
});

test.afterAll(async () => {
  await dash?.stop();
});

test("eight chunked 9.5 MB action POSTs with a made-up session all get a 4xx and leave RSS growth under 20 MiB", async () => {
  test.setTimeout(120_000);
  const m = await measureFlood(dash.pid, rssBytes, {
    url: dash.url,
    concurrency: 8,
    bytes: 9.5 * MiB,
    settleMs: 3000,
  });
  console.log(
    `RSS before ${(m.before / MiB).toFixed(0)} MiB, peak +${((m.peak - m.before) / MiB).toFixed(1)} MiB, ` +
      `after +${((m.after - m.before) / MiB).toFixed(1)} MiB; statuses ${m.statuses.join(" ")}`,
  );
  for (const s of m.statuses)
    expect(s, "every attacker request gets a 4xx").toBeGreaterThanOrEqual(400);
  for (const s of m.statuses) expect(s).toBeLessThan(500);
  // On main before the fix: +210 MiB at the peak, +171 MiB held afterwards.
  expect(m.peak - m.before).toBeLessThan(20 * MiB);
  expect(m.after - m.before).toBeLessThan(20 * MiB);
});

test("a body without Content-Length is refused with 411, a declared oversized one with 413", async () => {
  const chunked = await flood({ url: dash.url, concurrency: 1, bytes: 1024 });
  expect(chunked.statuses).toEqual([411]);
  const declared = await flood({
    url: dash.url,
    concurrency: 1,
    bytes: 2 * MiB,
    declareLength: true,
  });
  expect(declared.statuses).toEqual([413]);
});

test("the session cookie's signature is checked before the body is read (a made-up one is 401)", async ({
  request,
}) => {
  const id = actionId("restartApp");
  const res = await postAction(request, dash.url, id, JSON.stringify([{ app: "radarr" }]), {
    headers: { cookie: `${SESSION_COOKIE}=${FAKE_SESSION}` },
  });
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ ok: false, error: "not signed in" });
});

test("form uploads are accepted only by the sign-in page, the one page with a form", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ baseURL: dash.url });
  const page = await context.newPage();
  await login(page);
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toBeDefined();
  const headers = { cookie: `${SESSION_COOKIE}=${cookie!.value}` };
  const id = actionId("restartApp");
  const form = '--x\r\nContent-Disposition: form-data; name="app"\r\n\r\nradarr\r\n--x--\r\n';
  const multipart = await postAction(request, dash.url, id, form, {
    contentType: "multipart/form-data; boundary=x",
    headers,
  });
  expect(multipart.status()).toBe(415);
  const urlencoded = await postAction(request, dash.url, id, "app=radarr", {
    contentType: "application/x-www-form-urlencoded",
    headers,
  });
  expect(urlencoded.status()).toBe(415);
  // The same signed-in session passes the screen with the encoding actions really use.
  const plain = await postAction(request, dash.url, id, JSON.stringify([{ app: "nope" }]), {
    headers,
  });
  expect(plain.status()).toBeLessThan(400);
  await context.close();
});
