import { describe, expect, it } from "vitest";
import {
  deployment,
  event,
  linuxServerDeployment,
  namespace,
  notReadyPod,
  pod,
  pv,
  pvc,
} from "@/lib/health/fixtures";
import type { ClusterView, WatchedKind, WatchState } from "@/lib/cluster/types";
import type { Stack, StackApp } from "@/lib/stack/types";
import { buildDashboardView, liveVersion } from "./dashboard";

function app(name: string, over: Partial<StackApp> = {}): StackApp {
  return {
    name,
    displayName: name[0]!.toUpperCase() + name.slice(1),
    image: `lscr.io/linuxserver/${name}:1.0.0`,
    version: "1.0.0",
    port: 8989,
    host: `${name}.k8s.example.com`,
    serviceName: name,
    configClaim: {
      name: `${name}-config`,
      storageClassName: "longhorn",
      sizeBytes: 2 * 1024 ** 3,
      size: "2Gi",
    },
    mountsData: true,
    requests: { cpuMillis: 100, memoryBytes: 256 * 1024 ** 2 },
    limits: { cpuMillis: 500, memoryBytes: 512 * 1024 ** 2 },
    selector: { "app.kubernetes.io/name": name },
    containerName: name,
    ...over,
  };
}

const stack: Stack = {
  namespace: "media",
  apps: [app("sonarr"), app("prowlarr", { mountsData: false })],
  dataVolume: {
    pvName: "arr-data-nfs",
    pvcName: "arr-data",
    server: "10.10.30.4",
    path: "/Kubernetes/Media",
    mountOptions: ["hard"],
    capacity: "2Ti",
    reclaimPolicy: "Retain",
    storageClassName: "nfs",
    mountPath: "/data",
  },
  objects: [],
};

const kinds: WatchedKind[] = [
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
];
const allSynced = Object.fromEntries(
  kinds.map((k) => [k, { state: "synced", syncedAt: "2026-11-25T10:00:00.000Z" }]),
) as Record<WatchedKind, WatchState>;

function cluster(over: Partial<ClusterView> = {}): ClusterView {
  return {
    version: 7,
    builtAt: "2026-11-25T10:00:01.000Z",
    status: {
      connected: true,
      lastSyncAt: "2026-11-25T10:00:01.000Z",
      error: null,
      since: "2026-11-25T09:00:00.000Z",
    },
    namespaceName: "media",
    namespace: namespace(),
    deployments: [
      deployment({
        containers: [
          {
            name: "app",
            image: "lscr.io/linuxserver/sonarr:0.9.0",
            requests: { cpu: "100m" },
            limits: {},
          },
        ],
      }),
      deployment({ name: "prowlarr", selector: { "app.kubernetes.io/name": "prowlarr" } }),
    ],
    replicaSets: [
      {
        name: "sonarr-7d9c",
        namespace: "media",
        uid: "rs1",
        ownerDeployment: "sonarr",
        specReplicas: 1,
        replicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
      },
    ],
    pods: [
      pod(),
      notReadyPod(
        { state: { kind: "waiting", reason: "CrashLoopBackOff" }, restartCount: 7 },
        {
          name: "prowlarr-1",
          ownerReplicaSet: "prowlarr-1",
          labels: { "app.kubernetes.io/name": "prowlarr" },
          claimNames: ["prowlarr-config"],
        },
      ),
    ],
    pvcs: [
      pvc(),
      pvc({ name: "prowlarr-config", volumeName: "pvc-p" }),
      pvc({
        name: "arr-data",
        volumeName: "arr-data-nfs",
        storageClassName: "nfs",
        accessModes: ["ReadWriteMany"],
        capacity: "2Ti",
      }),
    ],
    services: [
      {
        name: "sonarr",
        namespace: "media",
        type: "ClusterIP",
        clusterIP: "10.0.0.5",
        ports: [{ port: 8989, protocol: "TCP" }],
        selector: {},
      },
    ],
    events: [
      event({ involved: { kind: "Pod", name: "sonarr-7d9c-abcde" }, reason: "Pulled" }),
      event({ involved: { kind: "Pod", name: "other" } }),
    ],
    httpRoutes: [
      {
        name: "sonarr",
        namespace: "media",
        hostnames: ["sonarr.k8s.example.com"],
        parentRefs: [{ name: "gw", namespace: "gateway" }],
        backendRefs: [{ name: "sonarr", port: 8989 }],
        parents: [
          {
            parentName: "gw",
            parentNamespace: "gateway",
            parentRef: { name: "gw", namespace: "gateway" },
            conditions: [
              { type: "Accepted", status: "True" },
              { type: "ResolvedRefs", status: "True" },
            ],
          },
        ],
      },
    ],
    pvs: [pv()],
    nodes: [],
    watches: allSynced,
    metrics: { available: false, pods: [] },
    ...over,
  };
}

describe("liveVersion", () => {
  it("reads tags, else digests", () => {
    expect(liveVersion("lscr.io/linuxserver/sonarr:4.0.14")).toBe("4.0.14");
    expect(liveVersion("localhost:5000/jellyfin")).toBeUndefined();
    expect(liveVersion("jellyfin/jellyfin@sha256:0123456789abcdef")).toBe("sha256:01234567");
  });
});

describe("buildDashboardView", () => {
  it("joins manifests and live state per app, in manifest order", () => {
    const v = buildDashboardView(stack, cluster());
    expect(v.apps.map((a) => a.name)).toEqual(["sonarr", "prowlarr"]);
    const sonarr = v.apps[0]!;
    expect(sonarr).toMatchObject({
      url: "https://sonarr.k8s.example.com",
      desiredVersion: "1.0.0",
      liveVersion: "0.9.0",
      pods: { ready: 1, total: 1 },
      restarts: 0,
      health: { status: "Healthy" },
    });
    expect(sonarr.claims.map((c) => [c.name, c.role, c.health.status])).toEqual([
      ["sonarr-config", "config", "Healthy"],
      ["arr-data", "data", "Healthy"],
    ]);
    expect(sonarr.events.map((e) => e.reason)).toEqual(["Pulled"]);
    expect(sonarr.route).toMatchObject({ state: "present", name: "sonarr", accepted: true });
    expect(sonarr.service?.clusterIP).toBe("10.0.0.5");
  });

  it("shows a crash-looping pod's reason on its app", () => {
    const prowlarr = buildDashboardView(stack, cluster()).apps[1]!;
    expect(prowlarr.health.status).toBe("Degraded");
    expect(prowlarr.health.reason).toContain("CrashLoopBackOff");
    expect(prowlarr.restarts).toBe(7);
    expect(prowlarr.claims.map((c) => c.name)).toEqual(["prowlarr-config"]);
    expect(prowlarr.route.state).toBe("missing");
  });

  it("names the dropped capabilities when a flagged LinuxServer app never becomes Ready (F9)", () => {
    const manifest = linuxServerDeployment({ drop: ["ALL"] });

    const view = (startedAt: string) =>
      buildDashboardView(
        { ...stack, objects: [manifest] },
        cluster({
          pods: [
            notReadyPod({ state: { kind: "running", startedAt } }),
            ...cluster().pods.slice(1),
          ],
        }),
      ).apps[0]!.health;
    const late = view("2026-11-25T09:50:00.000Z");
    expect(late.status).toBe("Degraded");
    expect(late.reason).toMatch(/Running but not Ready for 10 min .* cannot switch to PUID/);
    expect(late.details.join("\n")).toMatch(/s6-applyuidgid/);
    // Inside the default 2-minute startup window it is still just starting.
    expect(view("2026-11-25T09:59:30.000Z").reason).not.toMatch(/PUID/);
  });

  it("says when HTTPRoute is not served", () => {
    const v = buildDashboardView(
      stack,
      cluster({ watches: { ...allSynced, httproutes: { state: "unavailable" } } }),
    );
    expect(v.apps[0]!.route.state).toBe("unavailable");
  });

  it("is Unknown everywhere before the first sync", () => {
    const v = buildDashboardView(
      stack,
      cluster({ watches: { ...allSynced, pods: { state: "starting" } } }),
    );
    expect(v.synced).toBe(false);
    expect(v.apps.every((a) => a.health.status === "Unknown")).toBe(true);
    expect(v.storage.data.pvHealth.status).toBe("Unknown");
  });

  it("reports a Released PV and the Pending shared claim on the storage view", () => {
    const v = buildDashboardView(
      stack,
      cluster({
        pvs: [pv({ phase: "Released" })],
        pvcs: [pvc(), pvc({ name: "arr-data", phase: "Pending", volumeName: undefined })],
      }),
    );
    expect(v.storage.data.pvHealth.status).toBe("Degraded");
    expect(v.storage.data.pvcHealth.reason).toContain("Released");
    expect(v.apps[0]!.health.status).toBe("Degraded");
  });

  it("describes a missing namespace", () => {
    const v = buildDashboardView(
      stack,
      cluster({ namespace: null, deployments: [], pods: [], pvcs: [] }),
    );
    expect(v.namespace).toEqual({ name: "media", exists: false, podSecurity: {} });
    expect(v.apps[0]!.health).toMatchObject({
      status: "Missing",
      reason: "Namespace media does not exist",
    });
    expect(v.storage.config.map((c) => c.health.status)).toEqual(["Missing", "Missing"]);
  });

  it("reads Pod Security labels of the namespace", () => {
    expect(buildDashboardView(stack, cluster()).namespace.podSecurity).toEqual({
      enforce: "baseline",
    });
  });
});

describe("budget in the view", () => {
  const node = (name: string, over: Partial<ClusterView["nodes"][number]> = {}) => ({
    name,
    ready: true,
    unschedulable: false,
    allocatable: { cpu: "16", memory: "64Gi", pods: "110" },
    capacity: { cpu: "16", memory: "64Gi", pods: "110" },
    pressures: [],
    ...over,
  });

  it("sums the manifests' requests and limits against schedulable nodes", () => {
    const v = buildDashboardView(
      stack,
      cluster({ nodes: [node("a"), node("b"), node("c", { unschedulable: true })] }),
    ).budget;
    expect(v.rows.map((r) => [r.name, r.requests.cpuMillis, r.limits.cpuMillis])).toEqual([
      ["sonarr", 100, 500],
      ["prowlarr", 100, 500],
    ]);
    expect(v.total.requests).toEqual({ cpuMillis: 200, memoryBytes: 512 * 1024 ** 2 });
    expect(v.allocatable).toEqual({ cpuMillis: 32_000, memoryBytes: 128 * 1024 ** 3 });
    expect(v.fit.fits).toBe(true);
    expect(v.fit.share.cpu).toBeCloseTo(200 / 32_000);
    expect(v.limitsShare.cpu).toBeCloseTo(1000 / 32_000);
    expect(v.nodes.map((n) => n.schedulable)).toEqual([true, true, false]);
  });

  it("states plainly that usage is unavailable without metrics.k8s.io", () => {
    const v = buildDashboardView(stack, cluster({ nodes: [node("a")] })).budget;
    expect(v.usage.available).toBe(false);
    expect(v.usage.statement).toMatch(/does not serve metrics\.k8s\.io/);
    expect(v.rows.every((r) => r.usage === undefined)).toBe(true);
  });

  it("sums live usage per app when metrics exist", () => {
    const v = buildDashboardView(
      stack,
      cluster({
        nodes: [node("a")],
        metrics: {
          available: true,
          checkedAt: "2026-11-25T10:00:00.000Z",
          pods: [
            {
              name: "sonarr-7d9c-abcde",
              namespace: "media",
              containers: [{ name: "app", cpu: "12m", memory: "200Mi" }],
            },
          ],
        },
      }),
    ).budget;
    expect(v.rows[0]!.usage).toEqual({ cpuMillis: 12, memoryBytes: 200 * 1024 ** 2 });
    expect(v.rows[1]!.usage).toEqual({ cpuMillis: 0, memoryBytes: 0 });
    expect(v.total.usage).toEqual({ cpuMillis: 12, memoryBytes: 200 * 1024 ** 2 });
  });

  it("does not fit when nodes are too small, and says why", () => {
    const v = buildDashboardView(
      stack,
      cluster({ nodes: [node("tiny", { allocatable: { cpu: "150m", memory: "1Gi" } })] }),
    ).budget;
    expect(v.fit.fits).toBe(false);
    expect(v.fit.unplaced[0]?.reason).toBe("no node has enough free CPU");
  });
});

describe("before the namespace exists", () => {
  it("says Missing even though namespaced watches were refused (their RoleBinding lives in it)", () => {
    const refused = { state: "error" as const, error: "HTTP 403 Forbidden" };
    const v = buildDashboardView(
      stack,
      cluster({
        namespace: null,
        deployments: [],
        pods: [],
        pvcs: [],
        watches: {
          ...allSynced,
          pods: refused,
          deployments: refused,
          pvcs: refused,
          replicasets: refused,
          events: refused,
        },
      }),
    );
    expect(v.synced).toBe(true);
    expect(v.apps.map((a) => a.health.status)).toEqual(["Missing", "Missing"]);
  });
});
