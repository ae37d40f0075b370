import { evaluateAppChecks } from "@/lib/apps/checks";
import { WIDGETS, wiredEvidence } from "@/lib/apps/checks/fixtures";
import { describe, expect, it } from "vitest";
import { fail, ok } from "@/lib/result";
import { container, event, namespace, pod, pv, pvc } from "@/lib/health/fixtures";
import type { HttpRouteView, WatchState, WatchedKind } from "@/lib/cluster/types";
import { HardlinkAccumulator } from "@/lib/hardlinks/report";
import { auditRoots } from "@/lib/hardlinks/command";
import { judgeNfsProbe, parseNfsProbe } from "@/lib/nfs/probe";
import {
  evaluateChecklist,
  type ChecklistEvidence,
  type HardlinkEvidence,
  type NfsEvidence,
} from "./checklist";

const APPS = [
  {
    name: "prowlarr",
    displayName: "Prowlarr",
    mountsData: false,
    host: "prowlarr.k8s.example",
    selector: { "app.kubernetes.io/name": "prowlarr" },
  },
  {
    name: "sonarr",
    displayName: "Sonarr",
    mountsData: true,
    host: "sonarr.k8s.example",
    selector: { "app.kubernetes.io/name": "sonarr" },
  },
  {
    name: "jellyfin",
    displayName: "Jellyfin",
    mountsData: true,
    host: "jellyfin.k8s.example",
    selector: { "app.kubernetes.io/name": "jellyfin" },
  },
];

const synced: WatchState = { state: "synced", syncedAt: "2026-11-25T10:00:00.000Z" };
const watches = Object.fromEntries(
  (
    [
      "namespace",
      "deployments",
      "replicasets",
      "pods",
      "pvcs",
      "services",
      "events",
      "httproutes",
      "pvs",
      "nodes",
    ] as WatchedKind[]
  ).map((k) => [k, synced]),
) as Record<WatchedKind, WatchState>;

const appPod = (app: string) =>
  pod({
    name: `${app}-5c4-x1`,
    labels: { "app.kubernetes.io/name": app },
    ownerReplicaSet: `${app}-5c4`,
    containers: [container({ name: app })],
    claimNames: app === "prowlarr" ? [`${app}-config`] : [`${app}-config`, "arr-data"],
  });

const route = (app: string, accepted = "True"): HttpRouteView => ({
  name: app,
  namespace: "media",
  hostnames: [`${app}.k8s.example`],
  parentRefs: [{ name: "homelab-gateway", namespace: "gateway" }],
  backendRefs: [{ name: app, port: 80 }],
  parents: [
    {
      parentName: "homelab-gateway",
      parentNamespace: "gateway",
      parentRef: { name: "homelab-gateway", namespace: "gateway" },
      conditions: [
        { type: "Accepted", status: accepted },
        { type: "ResolvedRefs", status: "True" },
      ],
    },
  ],
});

const probeOut = (mediaDev = "51", link = "link ok") => {
  const lines = [
    "id 0 0",
    "dev 51 /data",
    "dev 51 /data/torrents",
    `dev ${mediaDev} /data/media`,
    "fs 1000000000 500000000 500000000 4096 nfs",
    "mount 1 2 0:51 / /data rw - nfs4 nas:/Media rw",
    "meta 10 ns 0 10000000",
    link,
  ];
  return ["pid 9", ...lines, `end 0 ${lines.length}`].join("\n");
};

const nfsOk = (mediaDev = "51"): NfsEvidence[] =>
  ["sonarr", "jellyfin"].map((app) => ({
    app,
    pod: `${app}-5c4-x1`,
    result: {
      ok: true,
      health: judgeNfsProbe("/data", parseNfsProbe("/data", probeOut(mediaDev), ""), []),
    },
  }));

function audit(lines: [number, number, number, number, string][]): HardlinkEvidence {
  const acc = new HardlinkAccumulator(auditRoots("/data"));
  for (const [dev, ino, nlink, size, path] of lines)
    acc.record({ dev: String(dev), ino: String(ino), nlink, size, allocated: size, path });
  return {
    finishedAt: "2026-11-25T10:00:00.000Z",
    pod: "sonarr-5c4-x1",
    outcome: { complete: true },
    report: acc.finish(),
  };
}

function healthy(): ChecklistEvidence {
  return {
    now: new Date("2026-11-25T10:05:00.000Z"),
    namespace: "media",
    apps: APPS,
    dataClaim: { pvcName: "arr-data", pvName: "arr-data-nfs" },
    known: true,
    view: {
      status: {
        connected: true,
        lastSyncAt: "2026-11-25T10:00:00.000Z",
        error: null,
        since: "2026-11-25T09:00:00.000Z",
      },
      namespace: namespace(),
      pods: APPS.map((a) => appPod(a.name)),
      pvcs: [pvc({ name: "arr-data", volumeName: "arr-data-nfs", storageClassName: "nfs" })],
      pvs: [pv()],
      httpRoutes: APPS.map((a) => route(a.name)),
      events: [],
      watches,
    },
    nfs: nfsOk(),
    hardlinks: audit([
      [51, 1, 2, 100, "/data/torrents/movies/a.mkv"],
      [51, 1, 2, 100, "/data/media/movies/a.mkv"],
    ]),
    budget: ok({ fits: true, detail: "1000m of 48 CPU requested", evidence: [] }),
  };
}

const verdicts = (ev: ChecklistEvidence) =>
  Object.fromEntries(evaluateChecklist(ev).items.map((i) => [i.id, i.verdict]));

describe("evaluateChecklist", () => {
  it("is green on a healthy stack, and never guesses app-API items", () => {
    const r = evaluateChecklist(healthy());
    const items = r.items;
    expect(r.items.map((i) => i.id)).toEqual([
      "pods-running",
      "nfs-bound",
      "prowlarr-indexers",
      "qbittorrent-paths",
      "sonarr-config",
      "radarr-config",
      "hardlinks",
      "jellyfin-library",
      "httproutes",
      "homepage-entries",
      "uptime-kuma",
      "budget",
    ]);
    // Without the apps' answers the seven app items say so (could-not-check), never pass.
    expect(r.counts).toEqual({ pass: 5, fail: 0, "could-not-check": 7, "not-checked": 0 });
    for (const i of items.filter((x) => x.verdict === "could-not-check")) {
      expect(i.summary).toBe("The apps have not been asked yet");
      expect(i.needs).toMatch(/API|credentials|URL|metrics/);
    }
  });

  it("takes the seven app items from the apps' checks, and says why when they failed to run", () => {
    const answered = evaluateAppChecks(wiredEvidence(), WIDGETS);
    const r = evaluateChecklist({ ...healthy(), appChecks: ok({ items: answered }) });
    expect(r.counts).toEqual({ pass: 12, fail: 0, "could-not-check": 0, "not-checked": 0 });
    expect(r.items.find((i) => i.id === "sonarr-config")).toBe(answered["sonarr-config"]);
    const broken = evaluateChecklist({
      ...healthy(),
      appChecks: fail("failed", "manifests did not load"),
    });
    expect(broken.items.find((i) => i.id === "uptime-kuma")).toMatchObject({
      verdict: "could-not-check",
      summary: "manifests did not load",
    });
  });

  it("pods-running turns red for a pod that is not Ready, naming why", () => {
    const ev = healthy();
    ev.view.pods = ev.view.pods.map((p) =>
      p.name.startsWith("jellyfin")
        ? {
            ...p,
            ready: false,
            containers: [
              container({ ready: false, state: { kind: "waiting", reason: "CrashLoopBackOff" } }),
            ],
          }
        : p,
    );
    const r = evaluateChecklist(ev).items[0];
    expect(r?.verdict).toBe("fail");
    expect(r?.evidence.join("\n")).toMatch(/Jellyfin: .*CrashLoopBackOff/);
    ev.view.pods = ev.view.pods.filter((p) => !p.name.startsWith("jellyfin"));
    expect(evaluateChecklist(ev).items[0]?.evidence[0]).toBe("Jellyfin: no pod");
  });

  it("nfs-bound turns red for an unbound claim, a Released PV and a FailedMount event", () => {
    const ev = healthy();
    ev.view.pvcs = [pvc({ name: "arr-data", phase: "Pending", volumeName: undefined })];
    expect(verdicts(ev)["nfs-bound"]).toBe("fail");
    const ev2 = healthy();
    ev2.view.pvs = [pv({ phase: "Released" })];
    expect(evaluateChecklist(ev2).items[1]?.summary).toMatch(/Released.*claimRef/);
    const ev3 = healthy();
    ev3.view.events = [
      event({
        involved: { kind: "Pod", name: "sonarr-5c4-x1" },
        type: "Warning",
        reason: "FailedMount",
        message: "mount.nfs: Connection timed out",
      }),
    ];
    expect(evaluateChecklist(ev3).items[1]?.summary).toMatch(/FailedMount: mount.nfs/);
  });

  it("nfs-bound cannot check reachability without a probe, and fails on a failed probe", () => {
    const ev = healthy();
    ev.nfs = undefined;
    expect(verdicts(ev)["nfs-bound"]).toBe("could-not-check");
    ev.nfs = [
      { app: "sonarr", pod: "sonarr-5c4-x1", result: fail("forbidden", "exec: forbidden") },
    ];
    expect(verdicts(ev)["nfs-bound"]).toBe("could-not-check");
  });

  // F2: link counts alone prove nothing; only an inode shared with a torrent does.
  it("hardlinks passes only on media files that share an inode with a torrent, and says why otherwise", () => {
    const item = (ev: ChecklistEvidence) =>
      evaluateChecklist(ev).items.find((i) => i.id === "hardlinks");
    const recycle = healthy();
    recycle.hardlinks = audit([
      [51, 101, 2, 8, "/data/torrents/tv/Show.S01/E01.mkv"],
      [51, 101, 2, 8, "/data/torrents/cross-seed/B/Show.S01/E01.mkv"],
      [51, 201, 2, 4, "/data/media/movies/Film.2020/Film.2020.mkv"],
      [51, 201, 2, 4, "/data/media/.recycle/Film.2020.mkv"],
    ]);
    expect(item(recycle)?.verdict).toBe("could-not-check");
    expect(item(recycle)?.summary).toBe(
      "No media file shares an inode with a torrent: nothing proven (2 media files are linked, but not to a torrent)",
    );
    expect(item(recycle)?.evidence.join("\n")).toMatch(/1 torrent files \(per inode; 2 paths\)/);

    const proven = healthy();
    proven.hardlinks = audit([
      [51, 102, 3, 16, "/data/torrents/tv/Show.S01/E02.mkv"],
      [51, 102, 3, 16, "/data/torrents/cross-seed/B/Show.S01/E02.mkv"],
      [51, 102, 3, 16, "/data/media/tv/Show/Season 01/Show - S01E02.mkv"],
      [51, 201, 2, 4, "/data/media/movies/Film.2020/Film.2020.mkv"],
      [51, 201, 2, 4, "/data/media/.recycle/Film.2020.mkv"],
    ]);
    expect(item(proven)?.verdict).toBe("pass");
    expect(item(proven)?.summary).toBe("1 of 3 media files share an inode with a torrent");
  });

  // F1 and F4: the real link test and an unreadable root decide, whatever the audit counted.
  it("hardlinks fails on a failed link test and on an unreadable root, naming the cause", () => {
    const exdev = healthy();
    exdev.nfs = (["sonarr"] as const).map((app) => ({
      app,
      pod: "sonarr-5c4-x1",
      result: {
        ok: true as const,
        health: judgeNfsProbe(
          "/data",
          parseNfsProbe(
            "/data",
            probeOut("51", "link fail ln: /data/media/x: Cross-device link"),
            "",
          ),
          [],
        ),
      },
    }));
    const f = evaluateChecklist(exdev).items.find((i) => i.id === "hardlinks");
    expect(f?.verdict).toBe("fail");
    expect(f?.evidence.join("\n")).toMatch(/Cross-device link \(EXDEV\)/);

    const stale = healthy();
    const acc = new HardlinkAccumulator(auditRoots("/data"));
    acc.toolError({ tool: "find", path: "/data/media", message: "Stale file handle" });
    stale.hardlinks = {
      finishedAt: "2026-11-25T10:00:00.000Z",
      pod: "p",
      outcome: { complete: true },
      report: acc.finish(),
    };
    const s = evaluateChecklist(stale).items.find((i) => i.id === "hardlinks");
    expect(s?.verdict).toBe("fail");
    expect(s?.summary).toBe("/data/media could not be read: Stale file handle");
    expect(s?.evidence.join("\n")).toMatch(/restart the pod/);
  });

  it("hardlinks turns red for copies and for split devices, and is unsure about unreadable entries", () => {
    const ev = healthy();
    ev.hardlinks = audit([
      [51, 1, 1, 100, "/data/torrents/movies/a.mkv"],
      [51, 2, 1, 100, "/data/media/movies/a.mkv"],
    ]);
    const copy = evaluateChecklist(ev).items.find((i) => i.id === "hardlinks");
    expect(copy?.verdict).toBe("fail");
    expect(copy?.summary).toBe("1 media file is a copy: 100 B stored twice");

    const split = healthy();
    split.nfs = nfsOk("77");
    expect(verdicts(split).hardlinks).toBe("fail");
    expect(verdicts(split)["nfs-bound"]).toBe("fail");

    const unsure = healthy();
    const acc = new HardlinkAccumulator(auditRoots("/data"));
    acc.record({ dev: "51", ino: "1", nlink: 2, size: 5, allocated: 5, path: "/data/media/a" });
    acc.toolError({ tool: "find", path: "/data/media/locked", message: "Permission denied" });
    unsure.hardlinks = {
      finishedAt: "2026-11-25T10:00:00.000Z",
      pod: "p",
      outcome: { complete: true },
      report: acc.finish(),
    };
    expect(verdicts(unsure).hardlinks).toBe("could-not-check");

    const cancelled = healthy();
    cancelled.hardlinks = {
      finishedAt: "2026-11-25T10:00:00.000Z",
      pod: "p",
      outcome: { complete: false, reason: "cancelled" },
      report: null,
    };
    expect(verdicts(cancelled).hardlinks).toBe("could-not-check");
    cancelled.hardlinks = undefined;
    expect(verdicts(cancelled).hardlinks).toBe("could-not-check");
  });

  it("httproutes turns red when a route is missing or not accepted, unsure without status", () => {
    const ev = healthy();
    ev.view.httpRoutes = [route("prowlarr", "False"), route("sonarr"), route("jellyfin")];
    expect(verdicts(ev).httproutes).toBe("fail");
    ev.view.httpRoutes = [route("sonarr"), route("jellyfin")];
    expect(evaluateChecklist(ev).items.find((i) => i.id === "httproutes")?.summary).toBe(
      "Prowlarr: no HTTPRoute for prowlarr.k8s.example",
    );
    ev.view.httpRoutes = APPS.map((a) => ({ ...route(a.name), parents: [] }));
    expect(verdicts(ev).httproutes).toBe("could-not-check");
    ev.view.watches = {
      ...ev.view.watches,
      httproutes: {
        state: "unavailable",
        error: "the server could not find the requested resource",
      },
    };
    expect(verdicts(ev).httproutes).toBe("fail");
  });

  it("says nothing definite before the first sync", () => {
    const ev = healthy();
    ev.known = false;
    const v = verdicts(ev);
    expect([v["pods-running"], v["nfs-bound"], v.httproutes]).toEqual([
      "could-not-check",
      "could-not-check",
      "could-not-check",
    ]);
  });

  it("budget follows the evidence", () => {
    const ev = healthy();
    ev.budget = ok({ fits: false, detail: "needs 70 CPU, nodes allocate 48", evidence: [] });
    expect(verdicts(ev).budget).toBe("fail");
    ev.budget = fail("invalid", "manifests invalid");
    expect(verdicts(ev).budget).toBe("could-not-check");
  });
});
