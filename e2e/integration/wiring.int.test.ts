// Wiring the stack (issue 16) against the local cluster: the real qBittorrent (Debian's
// qbittorrent-nox) and the stateful stand-ins of Sonarr, Radarr, Prowlarr and Jellyfin started by
// e2e/cluster/up.sh, keys from the Secret media/arr-api-keys. From a fully unwired state Wire all
// turns every wiring item of the checklist green; a second Wire all sends no mutation (counted at
// the stand-ins, and by the dashboard's client for qBittorrent); a partial state gets only what it
// needs and a foreign object is left alone; an app's refusal stops the dependent steps; fuzzed
// input changes nothing; no key reaches a plan, a job, a log line or an Event.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { resetAppsState, sentRequests } from "@/lib/apps/server";
import type { JobView } from "@/lib/jobs/server";
import { stopLiveModel } from "@/lib/k8s/live";
import { getStack } from "@/lib/stack/server";
import { WIRING_STEP_IDS, type WiringStep } from "@/lib/wiring/plan";
import { currentPlan, recheck, wiringActions } from "@/lib/wiring/server";
import {
  appKeys,
  clearStandinRequests,
  editStandinState,
  getStandinState,
  qbittorrentSession,
  qbtCategories,
  qbtSetPreferences,
  resetStandins,
  standinRequests,
  unwireApps,
  type AppKeys,
} from "@/e2e/support/apps";
import { captureOutput } from "@/e2e/support/output";
import { malformedInputs } from "../support/fuzz";
import { adminContext, waitForJob } from "./support/actions";
import { core, waitFor } from "@/e2e/support/kube";

const stack = getStack();
const ctx = adminContext();
const WIRING_ITEMS = [
  "qbittorrent-paths",
  "sonarr-config",
  "radarr-config",
  "prowlarr-indexers",
  "jellyfin-library",
] as const;
let keys: AppKeys;
let createdNamespace = false;

const secretPresent = async () =>
  (await core
    .readNamespacedSecret({ name: "arr-api-keys", namespace: "media" })
    .catch(() => null)) ?? null;

/** Mutating requests the stand-ins received, "app METHOD /path" (reads and logins left out). */
async function mutationsAtStandins(): Promise<string[]> {
  const counts = await standinRequests();
  const out: string[] = [];
  for (const [app, reqs] of Object.entries(counts))
    for (const [what, n] of Object.entries(reqs ?? {}))
      // A login changes nothing (Homepage's qbittorrent widget logs in while the checklist reads it).
      if (!what.startsWith("GET ") && !what.endsWith("/auth/login"))
        for (let i = 0; i < n; i++) out.push(`${app} ${what}`);
  return out.sort();
}
/** Mutating requests the dashboard sent to qBittorrent (the real one counts nothing itself). */
const qbitMutations = () =>
  [...sentRequests()]
    .filter(([k]) => /^qbittorrent (POST|PUT) /.test(k))
    .flatMap(([k, n]) => Array.from({ length: n }, () => k));

async function wireAll(): Promise<JobView<"wire">> {
  const preview = await runAction(wiringActions.previewWiring, ctx, {});
  if (!preview.ok) throw new Error(preview.error);
  const started = await runAction(wiringActions.wireAll, ctx, { intent: preview.intent });
  if (!started.ok) throw new Error(started.error);
  return (await waitForJob(started.jobId, 120_000)) as JobView<"wire">;
}

const stateOf = (job: JobView<"wire">) =>
  Object.fromEntries(job.detail.steps.map((s) => [s.id, s.state]));

/**
 * The seed's layout on the simulated NFS export (root folders are stat'ed there, Jellyfin scans
 * count there): sample-nfs.sh fills an empty tree; another test's leftovers get the four folders.
 */
function ensureNfsLayout(): string {
  const nfs = process.env.ARR_NFS_ROOT;
  if (!nfs) throw new Error("ARR_NFS_ROOT is not set: export the lines e2e/cluster/up.sh prints");
  if (!existsSync(nfs) || readdirSync(nfs).length === 0)
    execFileSync("bash", [join(process.cwd(), "e2e", "cluster", "sample-nfs.sh"), nfs]);
  for (const d of [
    "torrents/tv",
    "torrents/movies",
    "media/tv/Sintel",
    "media/movies/Big Buck Bunny (2008)",
  ])
    mkdirSync(join(nfs, d), { recursive: true });
  return nfs;
}

beforeAll(async () => {
  keys = appKeys();
  ensureNfsLayout();
  if (!(await core.readNamespace({ name: "media" }).catch(() => null))) {
    await core.createNamespace({ body: { metadata: { name: "media" } } });
    createdNamespace = true;
  }
  await resetStandins();
  await waitFor("Secret media/arr-api-keys", secretPresent, 60_000);
});
beforeEach(async () => {
  await resetStandins();
  resetAppsState();
});
afterAll(async () => {
  await resetStandins();
  if (createdNamespace) {
    await core.deleteNamespace({ name: "media" }).catch(() => undefined);
    // Gone before the next file starts (a Terminating namespace gets no Secret from sim-infra).
    await waitFor(
      "namespace media gone",
      async () =>
        (await core.readNamespace({ name: "media" }).catch(() => null)) ? undefined : true,
      120_000,
    );
  }
  stopLiveModel();
});

describe("Wire all on the local cluster", () => {
  it("from fully unwired: every wiring item passes; a second Wire all sends no mutation", async () => {
    await unwireApps(keys);
    const before = await recheck(stack, WIRING_ITEMS);
    for (const c of before) expect(c.verdict, c.id).toBe("fail");
    const plan = await currentPlan(stack);
    for (const s of plan.filter((x) => !x.optional))
      expect([s.id, s.status]).toEqual([s.id, "fix"]);

    await clearStandinRequests();
    resetAppsState();
    const first = await wireAll();
    expect(first.status, first.summary).toBe("succeeded");
    for (const s of first.detail.steps)
      expect([s.id, s.state, s.message]).toEqual([s.id, "done", s.message]);
    expect(first.detail.checks?.map((c) => [c.id, c.verdict, c.summary])).toEqual(
      WIRING_ITEMS.map((id) => [id, "pass", expect.any(String)]),
    );
    const firstMutations = [...(await mutationsAtStandins()), ...qbitMutations()];
    expect(firstMutations.length).toBe(first.detail.sent);
    expect(firstMutations).toEqual(
      expect.arrayContaining([
        "sonarr POST /api/v3/rootfolder",
        "radarr POST /api/v3/downloadclient",
        "sonarr PUT /api/v3/config/mediamanagement/1",
        "prowlarr POST /api/v1/applications",
        "prowlarr POST /api/v1/command",
        "jellyfin POST /Library/VirtualFolders",
        "jellyfin POST /Library/Refresh",
        "qbittorrent POST /api/v2/app/setPreferences",
        "qbittorrent POST /api/v2/torrents/createCategory",
      ]),
    );
    // What the apps hold now is what the plan said it would send.
    const sonarr = await getStandinState("sonarr");
    expect(sonarr.downloadClients).toEqual([
      expect.objectContaining({
        name: "qBittorrent",
        implementation: "QBittorrent",
        fields: expect.arrayContaining([
          expect.objectContaining({ name: "host", value: "qbittorrent.media.svc.cluster.local" }),
          expect.objectContaining({ name: "password", value: keys.QBITTORRENT_PASSWORD }),
        ]),
      }),
    ]);
    const cats = await qbtCategories(await qbittorrentSession(keys));
    expect(Object.fromEntries(Object.entries(cats).map(([k, v]) => [k, v.savePath]))).toEqual({
      "tv-sonarr": "/data/torrents/tv",
      radarr: "/data/torrents/movies",
    });

    await clearStandinRequests();
    resetAppsState();
    const second = await wireAll();
    expect(second.status).toBe("succeeded");
    expect(second.detail.sent).toBe(0);
    for (const s of second.detail.steps) expect([s.id, s.state]).toEqual([s.id, "unchanged"]);
    expect(await mutationsAtStandins()).toEqual([]);
    expect(qbitMutations()).toEqual([]);
    console.log(
      `[wiring figures] first Wire all: ${firstMutations.length} mutations; second: 0 mutations, ${[...sentRequests().values()].reduce((a, b) => a + b, 0)} reads`,
    );
  });

  it("partial: one item right, one wrong, one foreign object: only what is needed, the foreign one left alone", async () => {
    // The half-wired default: Sonarr right, Radarr without a root folder; plus a foreign client in Sonarr.
    const foreign = {
      id: 7,
      name: "seedbox",
      implementation: "QBittorrent",
      configContract: "QBittorrentSettings",
      enable: true,
      protocol: "torrent" as const,
      priority: 1,
      fields: [
        { name: "host", value: "seedbox.example.net" },
        { name: "port", value: 443 },
      ],
    };
    await editStandinState("sonarr", (st) => void (st.downloadClients = [foreign]));
    const plan = await currentPlan(stack);
    const status = (id: WiringStep["id"]) => plan.find((s) => s.id === id)?.status;
    expect(status("sonarr-root-folder")).toBe("ok");
    expect(status("radarr-root-folder")).toBe("fix");
    expect(status("sonarr-download-client")).toBe("blocked");

    await clearStandinRequests();
    const job = await wireAll();
    expect(job.status, job.summary).toBe("succeeded");
    expect(stateOf(job)).toMatchObject({
      "sonarr-root-folder": "unchanged",
      "sonarr-download-client": "blocked",
      "sonarr-hardlinks": "unchanged",
      "radarr-root-folder": "done",
    });
    expect(job.detail.steps.find((s) => s.id === "sonarr-download-client")?.message).toContain(
      '"seedbox"',
    );
    const m = await mutationsAtStandins();
    expect(m.filter((x) => x.startsWith("sonarr "))).toEqual([]);
    expect(m).toEqual(expect.arrayContaining(["radarr POST /api/v3/rootfolder"]));
    expect(m).not.toContain("radarr POST /api/v3/downloadclient");
    expect((await getStandinState("sonarr")).downloadClients).toEqual([foreign]);
    const sonarrItem = job.detail.checks?.find((c) => c.id === "sonarr-config");
    expect(sonarrItem?.verdict).toBe("fail");
    expect(job.detail.checks?.find((c) => c.id === "radarr-config")?.verdict).toBe("pass");
  });

  it("an app's refusal is shown with no secret, stops the dependent steps and the job says which ran", async () => {
    await unwireApps(keys);
    const nfs = ensureNfsLayout();
    const tv = join(nfs, "media", "tv");
    const aside = `${tv}.aside`;
    renameSync(tv, aside);
    let job: JobView<"wire">;
    try {
      job = await wireAll();
    } finally {
      if (existsSync(aside)) renameSync(aside, tv);
    }
    expect(job.status).toBe("failed");
    const root = job.detail.steps.find((s) => s.id === "sonarr-root-folder");
    expect(root?.state).toBe("failed");
    expect(root?.message).toContain("Path does not exist");
    expect(stateOf(job)["sonarr-recheck"]).toBe("skipped");
    expect(stateOf(job)["radarr-root-folder"]).toBe("done");
    expect(job.summary).toMatch(/failed: sonarr-root-folder; not run: sonarr-recheck/);
    expect(job.failure?.code).toBe("failed");
  });

  it("fuzzed input to each action changes nothing", async () => {
    const cases: {
      fn: (i: unknown) => Promise<{ ok: boolean }>;
      valid: Record<string, unknown>;
    }[] = [
      { fn: (i) => runAction(wiringActions.wireAll, ctx, i), valid: { intent: "A".repeat(24) } },
      {
        fn: (i) => runAction(wiringActions.wireStep, ctx, i),
        valid: { step: "sonarr-root-folder", intent: "A".repeat(24) },
      },
      { fn: (i) => runAction(wiringActions.previewWiring, ctx, i), valid: { x: 1 } },
    ];
    await editStandinState("radarr", (st) => void (st.rootFolders = []));
    await clearStandinRequests();
    resetAppsState();
    let n = 0;
    for (const [k, c] of cases.entries())
      for (const input of malformedInputs(1600 + k, 300, c.valid)) {
        if (
          k === 2 &&
          input &&
          typeof input === "object" &&
          !Array.isArray(input) &&
          Object.keys(input).length === 0
        )
          continue;
        const r = await c.fn(input);
        expect(r.ok, JSON.stringify(input)?.slice(0, 200)).toBe(false);
        n++;
      }
    expect(n).toBeGreaterThan(850);
    expect(await mutationsAtStandins()).toEqual([]);
    expect(qbitMutations()).toEqual([]);
    expect((await getStandinState("radarr")).rootFolders).toEqual([]);
    // A step id that is not one is refused by name.
    const bad = await runAction(wiringActions.wireStep, ctx, {
      step: "sonarr-delete",
      intent: "A".repeat(24),
    });
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(WIRING_STEP_IDS).not.toContain("sonarr-delete");
  });

  it("one step at a time, and the offered NFS tuning shows and sets the values in force", async () => {
    // qBittorrent's defaults (the stand-ins' reset restores paths and categories only).
    await qbtSetPreferences(await qbittorrentSession(keys), {
      disk_io_type: 0,
      async_io_threads: 10,
    });
    const preview = await runAction(wiringActions.previewWiring, ctx, {});
    if (!preview.ok) throw new Error(preview.error);
    const tuning = preview.plan.find((s) => s.id === "qbittorrent-nfs-tuning");
    expect(tuning).toMatchObject({ optional: true, status: "fix" });
    expect(tuning?.now).toEqual(["disk_io_type 0", "async_io_threads 10"]);
    const r = await runAction(wiringActions.wireStep, ctx, {
      step: "qbittorrent-nfs-tuning",
      intent: preview.intent,
    });
    expect(r).toMatchObject({ ok: true, sent: 1 });
    const again = (await currentPlan(stack)).find((s) => s.id === "qbittorrent-nfs-tuning");
    expect(again?.status).toBe("ok");
    expect(again?.now).toEqual(["disk_io_type 2", "async_io_threads 64"]);
    // A used confirmation cannot act again.
    const reused = await runAction(wiringActions.wireStep, ctx, {
      step: "radarr-root-folder",
      intent: preview.intent,
    });
    expect(reused).toMatchObject({ ok: false, code: "conflict" });
  });

  it("no key reaches a plan, a job, a log line or an Event", async () => {
    await unwireApps(keys);
    const { result: bodies, lines } = await captureOutput(async () => {
      const plan = await currentPlan(stack);
      const job = await wireAll();
      const events = await core.listNamespacedEvent({ namespace: "media" });
      expect(JSON.stringify(plan)).toContain("<secret:QBITTORRENT_PASSWORD>");
      return [JSON.stringify(plan), JSON.stringify(job), JSON.stringify(events.items)];
    });
    const all = [...bodies, ...lines].join("\n");
    for (const [name, value] of Object.entries(keys))
      if (name !== "QBITTORRENT_USERNAME")
        expect(all.includes(value), `${name} leaked`).toBe(false);
  });
});
