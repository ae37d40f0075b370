// Every server action and route over HTTP: 1000+ malformed payloads per action, plus anonymous,
// cross-site, oversized and wrongly typed requests. Each gets a 4xx or the action's own
// `{ ok: false }`, never a 5xx, and afterwards no object in the cluster has changed.
import { expect, test } from "@playwright/test";
import { malformedInputs } from "../support/fuzz";
import { login } from "./support/auth";
import { actionResult, postAction, serverActions } from "./support/actions-http";
import { settledResourceVersions } from "../support/kubectl";
import { kubectl } from "../support/kubectl";

const NS = "media";
const PER_ACTION = 1000;
const VALID: Record<string, Record<string, unknown>> = {
  prepareAppAction: { action: "restart", app: "sonarr" },
  restartApp: { app: "sonarr", intent: "A".repeat(24) },
  scaleApp: { app: "sonarr", replicas: 0, intent: "A".repeat(24) },
  planDeploy: { scope: "all" },
  prepareDeploy: {},
  startDeploy: { scope: "all", intent: "A".repeat(24), releaseVolume: false },
  prepareTeardown: {},
  teardown: { confirm: NS, intent: "A".repeat(24), password: "x" },
  signIn: { password: "x" },
  startHardlinkAudit: {},
  cancelHardlinkAudit: { id: "A".repeat(16) },
  probeNfsNow: {},
  previewWiring: {},
  wireAll: { intent: "A".repeat(24) },
  wireStep: { step: "sonarr-root-folder", intent: "A".repeat(24) },
  prepareForceDelete: { app: "sonarr", pod: "sonarr-0" },
  forceDeletePod: { app: "sonarr", pod: "sonarr-0", intent: "A".repeat(24) },
};

function isValid(name: string, input: unknown): boolean {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return false;
  // React's reply decoder drops "__proto__" keys, so the action sees the object without them.
  const keys = Object.keys(input).filter((k) => k !== "__proto__");
  const i = input as Record<string, unknown>;
  if (
    name === "prepareDeploy" ||
    name === "prepareTeardown" ||
    name === "startHardlinkAudit" ||
    name === "probeNfsNow" ||
    name === "previewWiring"
  )
    return keys.length === 0;
  if (name === "planDeploy")
    return (
      keys.length === 1 &&
      typeof i.scope === "string" &&
      /^(all|prowlarr|sonarr|radarr|qbittorrent|jellyfin)$/.test(i.scope)
    );
  if (name === "prepareAppAction")
    return (
      keys.length === 2 &&
      typeof i.action === "string" &&
      ["restart", "stop", "start"].includes(i.action) &&
      typeof i.app === "string" &&
      /^(prowlarr|sonarr|radarr|qbittorrent|jellyfin|all)$/.test(i.app)
    );
  if (name === "prepareForceDelete")
    return (
      keys.length === 2 &&
      typeof i.app === "string" &&
      /^(prowlarr|sonarr|radarr|qbittorrent|jellyfin)$/.test(i.app) &&
      typeof i.pod === "string" &&
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(i.pod) &&
      i.pod.length <= 253
    );
  return false;
}

test.describe.configure({ mode: "serial" });

test("1000+ malformed payloads per server action over HTTP change nothing", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(900_000);
  // Something to protect: the stack deployed (through kubectl, independent of the code under test).
  kubectl(["apply", "-k", "k8s/media"]);
  const before = await settledResourceVersions(NS);
  await login(page);
  const request = page.request; // carries the session cookie
  const actions = serverActions().filter((a) => a.name !== "signOut"); // signOut is fuzzed anonymously below
  expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(VALID).sort());
  const statuses = new Map<number, number>();
  for (const a of actions) {
    const inputs = malformedInputs(
      a.id.charCodeAt(3) * 131 + a.name.length,
      PER_ACTION + 300,
      VALID[a.name]!,
    ).filter((i) => !isValid(a.name, i));
    const bodies: { body: string; contentType?: string }[] = inputs.map((i) => ({
      body: JSON.stringify(a.name === "signIn" ? [{}, i] : [i]) ?? "[]",
    }));
    // Raw malformed bodies: not JSON, not an argument list, wrong types, oversized.
    bodies.push(
      { body: "{" },
      { body: "[1,2,3]" },
      { body: '{"app":"sonarr"}' },
      { body: "x".repeat(40_000) },
      { body: "[]", contentType: "application/json" },
      { body: "--x\r\n", contentType: "multipart/form-data; boundary=y" },
    );
    expect(bodies.length).toBeGreaterThanOrEqual(PER_ACTION);
    for (let i = 0; i < bodies.length; i += 16) {
      const batch = bodies.slice(i, i + 16);
      const responses = await Promise.all(
        batch.map((b) =>
          postAction(request, baseURL!, a.id, b.body, {
            contentType: b.contentType,
            path: a.page,
          }),
        ),
      );
      for (const [j, r] of responses.entries()) {
        statuses.set(r.status(), (statuses.get(r.status()) ?? 0) + 1);
        const what = `${a.name} ${batch[j]!.body.slice(0, 120)}`;
        expect(r.status(), what).toBeLessThan(500);
        if (r.status() === 200) {
          // The action's own answer (posted to a page without it, Next would answer a bare
          // `{}` and run nothing: see ActionRef.page).
          const result = actionResult(await r.text());
          expect(result, what).toBeDefined();
          // signIn is a form action: its state is `{ error }`; the others return `{ ok: false, error }`.
          expect(result, what).toMatchObject(
            a.name === "signIn" ? { error: expect.any(String) } : { ok: false },
          );
        } else expect(r.status(), what).toBeGreaterThanOrEqual(400);
      }
    }
  }
  console.log("status counts:", Object.fromEntries(statuses));
  expect(await settledResourceVersions(NS)).toEqual(before);
});

test("anonymous and cross-site calls to every action and route are refused", async ({
  playwright,
  page,
  baseURL,
}) => {
  const before = await settledResourceVersions(NS);
  const anon = await playwright.request.newContext();
  const all = serverActions();
  for (const a of all) {
    const body = JSON.stringify([VALID[a.name] ?? {}]);
    // No session.
    if (a.name !== "signIn")
      expect(
        (await postAction(anon, baseURL!, a.id, body, { path: a.page })).status(),
        a.name,
      ).toBe(401);
    // Cross-site, missing Origin, sibling subdomain, Sec-Fetch-Site cross-site.
    for (const o of [
      { origin: "http://evil.example" },
      { origin: null },
      { origin: "http://sonarr.127.0.0.1.nip.io" },
      { headers: { "sec-fetch-site": "cross-site" } },
    ] as const) {
      const r = await postAction(anon, baseURL!, a.id, body, { ...o, path: a.page });
      expect(r.status(), `${a.name} ${JSON.stringify(o)}`).toBe(403);
    }
  }
  // Signed in, still cross-site: refused.
  await login(page);
  for (const a of all.filter((x) => x.name !== "signIn")) {
    const r = await postAction(
      page.request,
      baseURL!,
      a.id,
      JSON.stringify([VALID[a.name] ?? {}]),
      { origin: "http://evil.example", path: a.page },
    );
    expect(r.status(), a.name).toBe(403);
  }
  // Routes: anonymous GETs are 401; malformed ids 400; other methods are not served.
  for (const path of [
    "/api/view",
    "/api/events",
    "/api/jobs/AAAAAAAAAAAAAAAA",
    "/api/jobs/AAAAAAAAAAAAAAAA/events",
    "/api/checks",
  ]) {
    expect((await anon.get(`${baseURL}${path}`)).status(), path).toBe(401);
  }
  const ids = [
    "x",
    "..%2F..%2Fetc",
    "A".repeat(17),
    "%00",
    "AAAAAAAAAAAAAAA%3D",
    "<script>",
    "A".repeat(2000),
  ];
  for (let i = 0; i < 1000; i++)
    ids.push(
      Array.from({ length: 1 + (i % 40) }, (_, k) =>
        "abc-_Z09%!~".charAt((i * 7 + k * 13) % 11),
      ).join(""),
    );
  for (let i = 0; i < ids.length; i += 20) {
    const batch = ids.slice(i, i + 20);
    const rs = await Promise.all(
      batch.flatMap((id) => [
        page.request.get(`${baseURL}/api/jobs/${id}`),
        page.request.get(`${baseURL}/api/jobs/${id}/events`),
      ]),
    );
    for (const [j, r] of rs.entries()) {
      const s = r.status();
      expect(s, batch[Math.floor(j / 2)]).toBeGreaterThanOrEqual(400);
      expect(s, batch[Math.floor(j / 2)]).toBeLessThan(500);
    }
  }
  for (const method of ["POST", "PUT", "DELETE", "PATCH"] as const) {
    const r = await page.request.fetch(`${baseURL}/api/jobs/AAAAAAAAAAAAAAAA`, {
      method,
      headers: { origin: baseURL! },
    });
    expect(r.status(), method).toBe(405);
  }
  await anon.dispose();
  expect(await settledResourceVersions(NS)).toEqual(before);
});
