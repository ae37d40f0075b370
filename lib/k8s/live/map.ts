import "server-only";
import { toJson } from "@/lib/deploy/diff";
import { foreignFields } from "@/lib/deploy/drift";
import { FIELD_MANAGER } from "../workloads";
import type {
  CoreV1Event,
  KubernetesObject,
  V1Container,
  V1ContainerState,
  V1ContainerStatus,
  V1Deployment,
  V1Namespace,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1ResourceRequirements,
  V1Service,
} from "@kubernetes/client-node";
import type {
  ConditionView,
  ContainerStateView,
  ContainerView,
  DeploymentView,
  EventView,
  HttpRouteView,
  ParentRefView,
  NamespaceView,
  NodeView,
  PodMetricsView,
  PodView,
  PvcView,
  PvView,
  QuantityMap,
  ReplicaSetView,
  ServiceView,
  TerminationView,
} from "@/lib/cluster/types";

/*
 * reshape* functions: raw Kubernetes objects → the small views in ./types. Objects arrive two
 * ways: from a typed LIST (client-node deserialises timestamps into Date) and from WATCH events
 * (plain JSON, timestamps are strings). Every mapper therefore accepts both.
 */

type Timestamp = Date | string | undefined | null;

/** ISO string from a Date or an RFC 3339 string; undefined when absent or invalid. */
function isoTime(value: Timestamp): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function strMap(m: Record<string, string> | undefined | null): Record<string, string> {
  return m ? { ...m } : {};
}

/** Quantities arrive as strings; be lenient if a number slipped through (YAML `cpu: 1`). */
function quantity(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

function quantities(list: Record<string, unknown> | undefined | null): QuantityMap {
  const out: QuantityMap = {};
  const cpu = quantity(list?.cpu);
  const memory = quantity(list?.memory);
  if (cpu !== undefined) out.cpu = cpu;
  if (memory !== undefined) out.memory = memory;
  return out;
}

function resources(r: V1ResourceRequirements | undefined): {
  requests: QuantityMap;
  limits: QuantityMap;
} {
  return { requests: quantities(r?.requests), limits: quantities(r?.limits) };
}

interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: Timestamp;
  observedGeneration?: number;
}

function reshapeConditions(
  conditions: readonly RawCondition[] | undefined | null,
): ConditionView[] {
  return (conditions ?? []).map((c) => {
    const out: ConditionView = { type: c.type ?? "", status: c.status ?? "Unknown" };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    const t = isoTime(c.lastTransitionTime);
    if (t) out.lastTransitionTime = t;
    if (typeof c.observedGeneration === "number") out.observedGeneration = c.observedGeneration;
    return out;
  });
}

function reshapeState(s: V1ContainerState | undefined): ContainerStateView {
  if (s?.waiting)
    return {
      kind: "waiting",
      ...opt("reason", s.waiting.reason),
      ...opt("message", s.waiting.message),
    };
  if (s?.running) return { kind: "running", ...opt("startedAt", isoTime(s.running.startedAt)) };
  if (s?.terminated)
    return {
      kind: "terminated",
      exitCode: s.terminated.exitCode ?? 0,
      ...opt("reason", s.terminated.reason),
      ...opt("message", s.terminated.message),
      ...opt("finishedAt", isoTime(s.terminated.finishedAt)),
    };
  return { kind: "unknown" };
}

/** `{ key: value }` when value is defined, `{}` otherwise (keeps views free of undefined keys). */
function opt<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return value === undefined || value === null || value === ""
    ? {}
    : ({ [key]: value } as { [P in K]?: V });
}

function reshapeContainer(
  spec: V1Container,
  status: V1ContainerStatus | undefined,
  init: boolean,
): ContainerView {
  const last = status?.lastState?.terminated;
  const lastTermination: TerminationView | undefined = last
    ? {
        exitCode: last.exitCode ?? 0,
        ...opt("reason", last.reason),
        ...opt("message", last.message),
        ...opt("finishedAt", isoTime(last.finishedAt)),
      }
    : undefined;
  return {
    name: spec.name,
    image: spec.image ?? status?.image ?? "",
    ready: status?.ready ?? false,
    ...opt("started", status?.started),
    restartCount: status?.restartCount ?? 0,
    state: reshapeState(status?.state),
    ...opt("lastTermination", lastTermination),
    ...resources(spec.resources),
    init,
  };
}

function ownerName(obj: KubernetesObject, kind: string): string | undefined {
  return obj.metadata?.ownerReferences?.find((o) => o.kind === kind && o.controller !== false)
    ?.name;
}

export function reshapePod(pod: V1Pod): PodView {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const initStatuses = new Map((pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  const conditions = reshapeConditions(pod.status?.conditions);
  return {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    uid: pod.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(pod.metadata?.creationTimestamp)),
    ...opt("deletionTimestamp", isoTime(pod.metadata?.deletionTimestamp)),
    phase: pod.status?.phase ?? "Unknown",
    ...opt("reason", pod.status?.reason),
    ...opt("message", pod.status?.message),
    ...opt("nodeName", pod.spec?.nodeName),
    ...opt("podIP", pod.status?.podIP),
    labels: strMap(pod.metadata?.labels),
    ...opt("ownerReplicaSet", ownerName(pod, "ReplicaSet")),
    ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
    conditions,
    containers: [
      ...(pod.spec?.initContainers ?? []).map((c) =>
        reshapeContainer(c, initStatuses.get(c.name), true),
      ),
      ...(pod.spec?.containers ?? []).map((c) => reshapeContainer(c, statuses.get(c.name), false)),
    ],
    claimNames: (pod.spec?.volumes ?? []).flatMap((v) =>
      v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [],
    ),
  };
}

export function reshapeDeployment(d: V1Deployment): DeploymentView {
  const template = d.spec?.template;
  return {
    name: d.metadata?.name ?? "",
    namespace: d.metadata?.namespace ?? "",
    uid: d.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(d.metadata?.creationTimestamp)),
    generation: d.metadata?.generation ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    // The API server defaults spec.replicas to 1; a missing value means 1, not 0.
    specReplicas: d.spec?.replicas ?? 1,
    replicas: d.status?.replicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    unavailableReplicas: d.status?.unavailableReplicas ?? 0,
    progressDeadlineSeconds: d.spec?.progressDeadlineSeconds ?? 600,
    paused: d.spec?.paused ?? false,
    ...opt("strategy", d.spec?.strategy?.type),
    selector: strMap(d.spec?.selector?.matchLabels),
    labels: strMap(d.metadata?.labels),
    ...opt("restartedAt", template?.metadata?.annotations?.["kubectl.kubernetes.io/restartedAt"]),
    containers: (template?.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? "",
      ...resources(c.resources),
    })),
    conditions: reshapeConditions(d.status?.conditions),
    ...opt("foreignFields", foreignFields(toJson(d), [FIELD_MANAGER])),
  };
}

export function reshapeReplicaSet(rs: V1ReplicaSet): ReplicaSetView {
  const revision = Number(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]);
  return {
    name: rs.metadata?.name ?? "",
    namespace: rs.metadata?.namespace ?? "",
    uid: rs.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(rs.metadata?.creationTimestamp)),
    ...opt("ownerDeployment", ownerName(rs, "Deployment")),
    ...opt("revision", Number.isFinite(revision) ? revision : undefined),
    ...opt("podTemplateHash", rs.metadata?.labels?.["pod-template-hash"]),
    specReplicas: rs.spec?.replicas ?? 1,
    replicas: rs.status?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
  };
}

export function reshapePvc(pvc: V1PersistentVolumeClaim): PvcView {
  return {
    name: pvc.metadata?.name ?? "",
    namespace: pvc.metadata?.namespace ?? "",
    uid: pvc.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(pvc.metadata?.creationTimestamp)),
    ...opt("deletionTimestamp", isoTime(pvc.metadata?.deletionTimestamp)),
    phase: pvc.status?.phase ?? "Pending",
    ...opt("volumeName", pvc.spec?.volumeName),
    ...opt("storageClassName", pvc.spec?.storageClassName),
    accessModes: [...(pvc.spec?.accessModes ?? [])],
    ...opt("requested", quantity(pvc.spec?.resources?.requests?.storage)),
    ...opt("capacity", quantity(pvc.status?.capacity?.storage)),
    ...opt("selectedNode", pvc.metadata?.annotations?.["volume.kubernetes.io/selected-node"]),
    labels: strMap(pvc.metadata?.labels),
    conditions: reshapeConditions(pvc.status?.conditions),
  };
}

export function reshapePv(pv: V1PersistentVolume): PvView {
  const ref = pv.spec?.claimRef;
  const nfs = pv.spec?.nfs;
  return {
    name: pv.metadata?.name ?? "",
    uid: pv.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(pv.metadata?.creationTimestamp)),
    ...opt("deletionTimestamp", isoTime(pv.metadata?.deletionTimestamp)),
    phase: pv.status?.phase ?? "Pending",
    ...opt("reason", pv.status?.reason),
    ...opt("message", pv.status?.message),
    ...opt(
      "claimRef",
      ref
        ? { ...opt("namespace", ref.namespace), ...opt("name", ref.name), ...opt("uid", ref.uid) }
        : undefined,
    ),
    ...opt("reclaimPolicy", pv.spec?.persistentVolumeReclaimPolicy),
    ...opt("storageClassName", pv.spec?.storageClassName),
    accessModes: [...(pv.spec?.accessModes ?? [])],
    ...opt("capacity", quantity(pv.spec?.capacity?.storage)),
    mountOptions: [...(pv.spec?.mountOptions ?? [])],
    ...opt(
      "nfs",
      nfs ? { server: nfs.server, path: nfs.path, readOnly: nfs.readOnly ?? false } : undefined,
    ),
    ...opt("hostPath", pv.spec?.hostPath?.path),
    ...opt("csiDriver", pv.spec?.csi?.driver),
    labels: strMap(pv.metadata?.labels),
  };
}

export function reshapeService(s: V1Service): ServiceView {
  return {
    name: s.metadata?.name ?? "",
    namespace: s.metadata?.namespace ?? "",
    type: s.spec?.type ?? "ClusterIP",
    ...opt("clusterIP", s.spec?.clusterIP),
    ports: (s.spec?.ports ?? []).map((p) => ({
      ...opt("name", p.name),
      port: p.port,
      ...opt("targetPort", p.targetPort === undefined ? undefined : String(p.targetPort)),
      protocol: p.protocol ?? "TCP",
    })),
    selector: strMap(s.spec?.selector),
  };
}

export function reshapeEvent(e: CoreV1Event): EventView {
  // core/v1 Events written through events.k8s.io/v1 carry eventTime/series instead of
  // first/lastTimestamp and count; fall back through all of them.
  const last =
    isoTime(e.lastTimestamp) ??
    isoTime(e.series?.lastObservedTime) ??
    isoTime(e.eventTime) ??
    isoTime(e.metadata?.creationTimestamp);
  const first =
    isoTime(e.firstTimestamp) ?? isoTime(e.eventTime) ?? isoTime(e.metadata?.creationTimestamp);
  return {
    uid: e.metadata?.uid ?? `${e.metadata?.namespace}/${e.metadata?.name}`,
    namespace: e.metadata?.namespace ?? "",
    involved: {
      kind: e.involvedObject?.kind ?? "",
      name: e.involvedObject?.name ?? "",
      ...opt("uid", e.involvedObject?.uid),
    },
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    message: e.message ?? "",
    count: e.count ?? e.series?.count ?? 1,
    ...opt("firstAt", first),
    ...opt("lastAt", last),
    ...opt("source", e.source?.component ?? e.reportingComponent),
  };
}

export function reshapeNode(n: V1Node): NodeView {
  const conditions = reshapeConditions(n.status?.conditions);
  const pick = (m: Record<string, string> | undefined) => ({
    ...opt("cpu", quantity(m?.cpu)),
    ...opt("memory", quantity(m?.memory)),
    ...opt("pods", quantity(m?.pods)),
  });
  return {
    name: n.metadata?.name ?? "",
    ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
    unschedulable: n.spec?.unschedulable ?? false,
    allocatable: pick(n.status?.allocatable),
    capacity: pick(n.status?.capacity),
    ...opt("kubeletVersion", n.status?.nodeInfo?.kubeletVersion),
    pressures: conditions
      .filter((c) => c.type !== "Ready" && c.status === "True")
      .map((c) => c.type),
  };
}

export function reshapeNamespace(ns: V1Namespace): NamespaceView {
  return {
    name: ns.metadata?.name ?? "",
    uid: ns.metadata?.uid ?? "",
    ...opt("createdAt", isoTime(ns.metadata?.creationTimestamp)),
    phase: ns.status?.phase ?? "Active",
    ...opt(
      "remaining",
      ns.status?.conditions?.find(
        (c) => c.status === "True" && /ContentRemaining|FinalizersRemaining/.test(c.type),
      )?.message,
    ),
    labels: strMap(ns.metadata?.labels),
  };
}

/**
 * The parts of a gateway.networking.k8s.io/v1 HTTPRoute the dashboard reads. Custom objects come
 * untyped from the API, so every field is optional and checked at runtime.
 */
export interface RawHttpRoute extends KubernetesObject {
  spec?: {
    hostnames?: unknown;
    parentRefs?: unknown;
    rules?: unknown;
  };
  status?: { parents?: unknown };
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v)
    ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null)
    : [];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function parentRef(p: Record<string, unknown>): ParentRefView {
  return {
    name: str(p.name) ?? "",
    ...opt("namespace", str(p.namespace)),
    ...opt("group", str(p.group)),
    ...opt("kind", str(p.kind)),
    ...opt("sectionName", str(p.sectionName)),
    ...opt("port", typeof p.port === "number" ? p.port : undefined),
  };
}

/**
 * The newest managedFields time of a write that was not to the status subresource (so a
 * controller's status update does not count), else the creation time.
 */
function specChangedAt(o: KubernetesObject): string | undefined {
  let newest: string | undefined;
  for (const m of o.metadata?.managedFields ?? []) {
    if (m.subresource === "status") continue;
    const t = isoTime(m.time);
    if (t && (!newest || t > newest)) newest = t;
  }
  return newest ?? isoTime(o.metadata?.creationTimestamp);
}

export function reshapeHttpRoute(r: RawHttpRoute): HttpRouteView {
  const hostnames = Array.isArray(r.spec?.hostnames)
    ? r.spec.hostnames.filter((h): h is string => typeof h === "string")
    : [];
  const parentRefs = records(r.spec?.parentRefs).map(parentRef);
  const backendRefs = records(r.spec?.rules).flatMap((rule) =>
    records(rule.backendRefs).map((b) => ({
      name: str(b.name) ?? "",
      ...opt("port", typeof b.port === "number" ? b.port : undefined),
    })),
  );
  const parents = records(r.status?.parents).map((p) => {
    const ref =
      typeof p.parentRef === "object" && p.parentRef !== null
        ? (p.parentRef as Record<string, unknown>)
        : {};
    return {
      parentName: str(ref.name) ?? "",
      ...opt("parentNamespace", str(ref.namespace)),
      parentRef: parentRef(ref),
      ...opt("controllerName", str(p.controllerName)),
      conditions: reshapeConditions(
        records(p.conditions).map((c) => ({
          type: str(c.type),
          status: str(c.status),
          reason: str(c.reason),
          message: str(c.message),
          lastTransitionTime: str(c.lastTransitionTime),
          observedGeneration:
            typeof c.observedGeneration === "number" ? c.observedGeneration : undefined,
        })),
      ),
    };
  });
  return {
    name: r.metadata?.name ?? "",
    namespace: r.metadata?.namespace ?? "",
    ...opt("generation", r.metadata?.generation),
    ...opt("specChangedAt", specChangedAt(r)),
    hostnames,
    parentRefs,
    backendRefs,
    parents,
  };
}

/** metrics.k8s.io/v1beta1 PodMetrics, as returned by the API (untyped JSON). */
export interface RawPodMetrics {
  metadata?: { name?: string; namespace?: string };
  timestamp?: string;
  containers?: { name?: string; usage?: { cpu?: string; memory?: string } }[];
}

/** Keeps per-container usage unparsed; lib/budget parses and sums it. */
export function reshapePodMetrics(m: RawPodMetrics): PodMetricsView {
  return {
    name: m.metadata?.name ?? "",
    namespace: m.metadata?.namespace ?? "",
    ...opt("timestamp", m.timestamp),
    containers: (m.containers ?? []).map((c) => ({
      name: c.name ?? "",
      cpu: c.usage?.cpu ?? "0",
      memory: c.usage?.memory ?? "0",
    })),
  };
}
