/**
 * The view the browser gets: the desired state (k8s/media, as `Stack`) joined with the live
 * cluster (`ClusterView`) into per-app cards, app details and storage — with health verdicts.
 * Pure: a function of its inputs, so the same snapshot always renders the same page.
 */
import { toJson, type JsonValue } from "@/lib/deploy/diff";
import { driftFromEntries, type DriftField } from "@/lib/deploy/drift";
import { lintManifests } from "@/lib/deploy/lint";
import { appHealth } from "@/lib/health/app";
import { capabilityStall, startupWindowMs } from "@/lib/health/capabilities";
import { routeVerdict, type RouteParentVerdict } from "@/lib/health/route";
import { stuckTerminating } from "@/lib/health/stuck";
import { pvcHealth, pvHealth } from "@/lib/health/storage";
import type { Health } from "@/lib/health/types";
import type {
  ClusterView,
  ConditionView,
  EventView,
  LiveStatus,
  NodeView,
  PodView,
  PvcView,
  PvView,
  ServiceView,
  WatchedKind,
  WatchState,
} from "@/lib/cluster/types";
import { appPods } from "@/lib/stack/pods";
import { imageTag } from "@/lib/stack/schemas";
import { buildBudgetView, type BudgetView } from "./budget";
import type { DataVolume, ManifestObject, ResourceList, Stack, StackApp } from "@/lib/stack/types";

export interface AppCard {
  name: string;
  displayName: string;
  icon?: string;
  /** https URL of the app's HTTPRoute hostname, from the manifests. */
  url?: string;
  host?: string;
  port: number;
  /** Image and tag the manifests pin. */
  desiredImage: string;
  desiredVersion: string;
  /** Tag the live Deployment runs (differs from desiredVersion when the cluster drifted). */
  liveVersion?: string;
  health: Health;
  replicas: { desired: number; ready: number; available: number };
  /**
   * Fields of the live Deployment that are not in the manifests, set by another manager
   * (`kubectl patch`, `kubectl edit`…): the app "differs from the manifests" (F10).
   */
  drift: DriftField[];
  /** Ready pods / pods that are not terminating. */
  pods: { ready: number; total: number };
  restarts: number;
}

interface ClaimDetail {
  name: string;
  role: "config" | "data";
  /** What the manifests ask for. */
  desired: { storageClassName: string; size: string };
  pvc: PvcView | null;
  health: Health;
}

export interface RouteDetail {
  /** `unavailable`: the API server does not serve HTTPRoute (Gateway API CRDs missing). */
  state: "present" | "missing" | "unavailable" | "unknown";
  name?: string;
  hostnames: string[];
  /** One per current `spec.parentRefs` entry (stale status entries are left out). */
  parents: {
    name: string;
    namespace?: string;
    state: RouteParentVerdict["state"];
    why: string;
    conditions: ConditionView[];
  }[];
  /** Accepted and ResolvedRefs True at the route's generation on every current parent. */
  accepted: boolean;
  /** lib/health/route.ts's verdict; absent unless `state` is "present". */
  health?: Health;
}

export interface AppDetail extends AppCard {
  /** Pods stuck Terminating on a NotReady node (F8): the page offers force-delete for these. */
  stuckPods: string[];
  rollout: {
    strategy?: string;
    generation: number;
    observedGeneration: number;
    restartedAt?: string;
  } | null;
  podList: PodView[];
  events: EventView[];
  claims: ClaimDetail[];
  resources: {
    desired: { requests: ResourceList; limits: ResourceList };
    live: {
      container: string;
      requests: { cpu?: string; memory?: string };
      limits: { cpu?: string; memory?: string };
    }[];
  };
  service: ServiceView | null;
  route: RouteDetail;
}

interface NamespaceSummary {
  name: string;
  exists: boolean;
  phase?: string;
  podSecurity: { enforce?: string; audit?: string; warn?: string };
}

interface StorageView {
  data: {
    desired: DataVolume;
    pv: PvView | null;
    pvHealth: Health;
    pvc: PvcView | null;
    pvcHealth: Health;
    /** Pods (not terminating) that mount the shared claim. */
    consumers: string[];
  };
  config: (ClaimDetail & { app: string; displayName: string })[];
}

export interface DashboardView {
  version: number;
  builtAt: string;
  status: LiveStatus;
  /** True once the first list of the stack's namespace objects completed. */
  synced: boolean;
  namespace: NamespaceSummary;
  apps: AppDetail[];
  storage: StorageView;
  budget: BudgetView;
  nodes: NodeView[];
  watches: Record<WatchedKind, WatchState>;
  metrics: ClusterView["metrics"];
}

/** What a live image runs: its tag (lib/stack's parser), else the start of its digest. */
export function liveVersion(image: string): string | undefined {
  const tag = imageTag(image);
  if (tag) return tag;
  const at = image.indexOf("@");
  return at >= 0 ? image.slice(at + 1, at + 1 + 15) : undefined;
}

function synced(cluster: ClusterView, kinds: WatchedKind[]): boolean {
  return kinds.every((k) => cluster.watches[k]?.syncedAt !== undefined);
}

function routeDetail(app: StackApp, cluster: ClusterView): RouteDetail {
  const w = cluster.watches.httproutes;
  const empty = { hostnames: [], parents: [], accepted: false };
  if (w?.state === "unavailable") return { state: "unavailable", ...empty };
  if (!w?.syncedAt) return { state: "unknown", ...empty };
  const route =
    cluster.httpRoutes.find((r) => app.host !== undefined && r.hostnames.includes(app.host)) ??
    cluster.httpRoutes.find((r) => r.backendRefs.some((b) => b.name === app.serviceName));
  if (!route) return { state: "missing", ...empty };
  const verdict = routeVerdict(route, Date.parse(cluster.builtAt));
  const parents = verdict.parents.map((p) => ({
    name: p.ref.name,
    namespace: p.ref.namespace ?? route.namespace,
    state: p.state,
    why: p.why,
    conditions: p.conditions,
  }));
  return {
    state: "present",
    name: route.name,
    hostnames: route.hostnames,
    parents,
    accepted: verdict.health.status === "Healthy",
    health: verdict.health,
  };
}

function claimDetail(
  name: string,
  role: "config" | "data",
  desired: { storageClassName: string; size: string },
  cluster: ClusterView,
  known: boolean,
  pv: PvView | undefined,
): ClaimDetail {
  const pvc = cluster.pvcs.find((c) => c.name === name) ?? null;
  const consumers = cluster.pods.filter(
    (p) => !p.deletionTimestamp && p.claimNames.includes(name),
  ).length;
  const h: Health = !known
    ? { status: "Unknown", reason: "No data from the API server yet", details: [] }
    : pvc
      ? pvcHealth(pvc, { pv, events: cluster.events, consumers })
      : { status: "Missing", reason: `Claim ${name} not found`, details: [] };
  return { name, role, desired, pvc, health: h };
}

/** The PV a claim is bound to, or (Pending) the stack's data PV it is meant to bind. */
function pvFor(
  pvc: PvcView | null,
  fallbackName: string | undefined,
  cluster: ClusterView,
): PvView | undefined {
  if (pvc?.volumeName) return cluster.pvs.find((p) => p.name === pvc.volumeName);
  return fallbackName ? cluster.pvs.find((p) => p.name === fallbackName) : undefined;
}

function relatedEvents(
  app: StackApp,
  pods: PodView[],
  cluster: ClusterView,
  rsNames: Set<string>,
): EventView[] {
  const podNames = new Set(pods.map((p) => p.name));
  return cluster.events
    .filter(
      (e) =>
        (e.involved.kind === "Deployment" && e.involved.name === app.name) ||
        (e.involved.kind === "ReplicaSet" && rsNames.has(e.involved.name)) ||
        (e.involved.kind === "Pod" && podNames.has(e.involved.name)) ||
        (e.involved.kind === "PersistentVolumeClaim" && e.involved.name === app.configClaim.name) ||
        (e.involved.kind === "Service" && e.involved.name === app.serviceName),
    )
    .slice(0, 25);
}

function appDetail(app: StackApp, stack: Stack, cluster: ClusterView, known: boolean): AppDetail {
  const dep = cluster.deployments.find((d) => d.name === app.name);
  const pods = appPods(app, cluster.pods);
  const live = pods.filter((p) => !p.deletionTimestamp);
  const rsNames = new Set(
    cluster.replicaSets.filter((rs) => rs.ownerDeployment === app.name).map((rs) => rs.name),
  );
  const configPvc = cluster.pvcs.find((c) => c.name === app.configClaim.name) ?? null;
  const dataPvc = cluster.pvcs.find((c) => c.name === stack.dataVolume.pvcName) ?? null;
  const claims: ClaimDetail[] = [
    claimDetail(
      app.configClaim.name,
      "config",
      app.configClaim,
      cluster,
      known,
      pvFor(configPvc, undefined, cluster),
    ),
  ];
  if (app.mountsData) {
    claims.push(
      claimDetail(
        stack.dataVolume.pvcName,
        "data",
        { storageClassName: stack.dataVolume.storageClassName, size: stack.dataVolume.capacity },
        cluster,
        known,
        pvFor(dataPvc, stack.dataVolume.pvName, cluster),
      ),
    );
  }
  const baseHealth = appHealth({
    name: app.name,
    namespaceName: stack.namespace,
    known,
    namespace: cluster.namespace,
    deployment: dep,
    pods,
    claims: claims.map((c) => ({
      name: c.name,
      pvc: c.pvc ?? undefined,
      pv: pvFor(c.pvc, c.role === "data" ? stack.dataVolume.pvName : undefined, cluster),
    })),
    events: cluster.events,
    nodes: cluster.nodes,
    namespacePods: cluster.pods,
  });
  const liveImage = dep?.containers[0]?.image;
  const manifest = stack.objects.find(
    (o) => o.kind === "Deployment" && o.metadata.name === app.name,
  );
  // F9: a flagged LinuxServer container Running but not Ready past its startup window is the
  // cause, more specific than "not Ready" (only when the rollout is not Stopped/Missing/Unknown).
  const stall =
    manifest && (baseHealth.status === "Progressing" || baseHealth.status === "Degraded")
      ? capabilityStall({
          app: app.name,
          findings: lintManifests([manifest]),
          pods,
          now: Date.parse(cluster.builtAt),
          windowMs: (name) => startupWindowMs(manifestContainer(manifest, name)),
        })
      : null;
  const health = stall ?? baseHealth;
  const drift =
    dep?.foreignFields && manifest
      ? driftFromEntries(
          dep.foreignFields.entries,
          dep.foreignFields.live as JsonValue,
          toJson(manifest),
          [],
        )
      : [];
  return {
    name: app.name,
    displayName: app.displayName,
    ...(app.icon ? { icon: app.icon } : {}),
    ...(app.host ? { host: app.host, url: `https://${app.host}` } : {}),
    port: app.port,
    desiredImage: app.image,
    desiredVersion: app.version,
    ...(liveImage && liveVersion(liveImage) ? { liveVersion: liveVersion(liveImage) } : {}),
    health,
    drift,
    replicas: {
      desired: dep?.specReplicas ?? 0,
      ready: dep?.readyReplicas ?? 0,
      available: dep?.availableReplicas ?? 0,
    },
    pods: { ready: live.filter((p) => p.ready).length, total: live.length },
    restarts: live.flatMap((p) => p.containers).reduce((n, c) => n + c.restartCount, 0),
    rollout: dep
      ? {
          ...(dep.strategy ? { strategy: dep.strategy } : {}),
          generation: dep.generation,
          observedGeneration: dep.observedGeneration,
          ...(dep.restartedAt ? { restartedAt: dep.restartedAt } : {}),
        }
      : null,
    podList: pods,
    stuckPods: stuckTerminating(pods, cluster.nodes).map((s) => s.pod.name),
    events: relatedEvents(app, pods, cluster, rsNames),
    claims,
    resources: {
      desired: { requests: app.requests, limits: app.limits },
      live: (dep?.containers ?? []).map((c) => ({
        container: c.name,
        requests: c.requests,
        limits: c.limits,
      })),
    },
    service: cluster.services.find((s) => s.name === app.serviceName) ?? null,
    route: routeDetail(app, cluster),
  };
}

/** Joins desired and live state into everything the pages show. */
export function buildDashboardView(stack: Stack, cluster: ClusterView): DashboardView {
  // Known once the namespace and PV watches have listed, and — when the namespace exists — the
  // namespaced ones too. Without the namespace the dashboard may not even be allowed to list
  // inside it (its RoleBinding lives there), and there is nothing to list: apps are Missing.
  const known =
    synced(cluster, ["namespace", "pvs"]) &&
    (cluster.namespace === null ||
      synced(cluster, ["deployments", "replicasets", "pods", "pvcs", "events"]));
  const apps = stack.apps.map((a) => appDetail(a, stack, cluster, known));
  const dv = stack.dataVolume;
  const pv = cluster.pvs.find((p) => p.name === dv.pvName) ?? null;
  const pvc = cluster.pvcs.find((c) => c.name === dv.pvcName) ?? null;
  const unknown: Health = {
    status: "Unknown",
    reason: "No data from the API server yet",
    details: [],
  };
  const consumers = cluster.pods
    .filter((p) => !p.deletionTimestamp && p.claimNames.includes(dv.pvcName))
    .map((p) => p.name);
  const ns = cluster.namespace;
  return {
    version: cluster.version,
    builtAt: cluster.builtAt,
    status: cluster.status,
    synced: known,
    namespace: {
      name: stack.namespace,
      exists: ns !== null,
      ...(ns ? { phase: ns.phase } : {}),
      podSecurity: {
        ...(ns?.labels["pod-security.kubernetes.io/enforce"]
          ? { enforce: ns.labels["pod-security.kubernetes.io/enforce"] }
          : {}),
        ...(ns?.labels["pod-security.kubernetes.io/audit"]
          ? { audit: ns.labels["pod-security.kubernetes.io/audit"] }
          : {}),
        ...(ns?.labels["pod-security.kubernetes.io/warn"]
          ? { warn: ns.labels["pod-security.kubernetes.io/warn"] }
          : {}),
      },
    },
    apps,
    storage: {
      data: {
        desired: dv,
        pv,
        pvHealth: !known
          ? unknown
          : pv
            ? pvHealth(pv)
            : { status: "Missing", reason: `PV ${dv.pvName} not found`, details: [] },
        pvc,
        pvcHealth: !known
          ? unknown
          : pvc
            ? pvcHealth(pvc, {
                pv: pvFor(pvc, dv.pvName, cluster),
                events: cluster.events,
                consumers: consumers.length,
              })
            : { status: "Missing", reason: `Claim ${dv.pvcName} not found`, details: [] },
        consumers,
      },
      config: apps.flatMap((a) =>
        a.claims
          .filter((c) => c.role === "config")
          .map((c) => ({ ...c, app: a.name, displayName: a.displayName })),
      ),
    },
    budget: buildBudgetView(stack, cluster),
    nodes: cluster.nodes,
    watches: cluster.watches,
    metrics: cluster.metrics,
  };
}

/** The container `name` of a Deployment manifest's pod template (unknown shape), if any. */
function manifestContainer(manifest: ManifestObject, name: string): unknown {
  const spec = manifest.spec as { template?: { spec?: { containers?: unknown } } } | undefined;
  const list = spec?.template?.spec?.containers;
  return Array.isArray(list)
    ? list.find((c: unknown) => (c as { name?: unknown }).name === name)
    : undefined;
}
