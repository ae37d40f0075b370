/**
 * The stack's resource budget (the seed's Resource Budget table) computed from the loaded
 * manifests, and a "will it fit" check against what the nodes can allocate. Pure arithmetic.
 */
import type { ResourceList, StackApp } from "@/lib/stack/types";

interface AppBudget {
  name: string;
  /** Replicas counted (1 unless told otherwise; 0 for a stopped app). */
  replicas: number;
  /** Per pod. */
  requests: ResourceList;
  /** Per pod. */
  limits: ResourceList;
  /** The config claim's requested size in bytes (counted whether the app runs or not). */
  configBytes: number;
}

export interface StackBudget {
  apps: AppBudget[];
  total: { requests: ResourceList; limits: ResourceList; configBytes: number };
}

export type BudgetApp = Pick<StackApp, "name" | "requests" | "limits" | "configClaim">;

const ZERO: ResourceList = { cpuMillis: 0, memoryBytes: 0 };

function add(a: ResourceList, b: ResourceList, times = 1): ResourceList {
  return {
    cpuMillis: a.cpuMillis + b.cpuMillis * times,
    memoryBytes: a.memoryBytes + b.memoryBytes * times,
  };
}

/**
 * Sums requests, limits and config storage over the apps. `replicas` overrides the default of one
 * pod per app (the Deployments leave `replicas` out, so 1 applies on create).
 */
export function stackBudget(
  apps: readonly BudgetApp[],
  replicas: Readonly<Record<string, number>> = {},
): StackBudget {
  const rows: AppBudget[] = apps.map((app) => {
    const n = replicas[app.name] ?? 1;
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`replicas for ${app.name} must be a whole number ≥ 0, got ${n}`);
    return {
      name: app.name,
      replicas: n,
      requests: app.requests,
      limits: app.limits,
      configBytes: app.configClaim.sizeBytes,
    };
  });
  const total = rows.reduce(
    (t, r) => ({
      requests: add(t.requests, r.requests, r.replicas),
      limits: add(t.limits, r.limits, r.replicas),
      configBytes: t.configBytes + r.configBytes,
    }),
    { requests: ZERO, limits: ZERO, configBytes: 0 },
  );
  return { apps: rows, total };
}

export interface NodeCapacity {
  name: string;
  /** status.allocatable of the node. */
  allocatable: ResourceList;
  /** Requests of pods already on the node that are not part of this budget. */
  requested?: ResourceList;
  /** Cordoned or NotReady nodes take no new pods. */
  schedulable?: boolean;
}

interface Placement {
  app: string;
  node: string;
}

interface Unplaced {
  app: string;
  requests: ResourceList;
  reason: string;
}

export interface FitResult {
  /** True when every counted pod found a node. */
  fits: boolean;
  placements: Placement[];
  unplaced: Unplaced[];
  /** Sum of allocatable over schedulable nodes. */
  allocatable: ResourceList;
  /** The budget's requests as a share of `allocatable` (the seed's "~6% of total memory"). */
  share: { cpu: number; memory: number };
  /** Free per node after the placements. */
  free: { node: string; free: ResourceList }[];
}

/**
 * Will the budget's pods fit? Places each pod (largest first) on the schedulable node with the
 * most room left that holds both its CPU and memory requests — an approximation of the
 * scheduler's NodeResourcesFit filter with LeastAllocated scoring; it ignores taints, affinity and
 * pod count limits, so "fits" means "fits by requests".
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
 */
export function fitsNodes(budget: StackBudget, nodes: readonly NodeCapacity[]): FitResult {
  const usable = nodes.filter((n) => n.schedulable !== false);
  const allocatable = usable.reduce((t, n) => add(t, n.allocatable), ZERO);
  const free = usable.map((n) => ({
    node: n.name,
    free: add(n.allocatable, n.requested ?? ZERO, -1),
  }));

  const pods = budget.apps.flatMap((a) =>
    Array.from({ length: a.replicas }, () => ({ app: a.name, requests: a.requests })),
  );
  // Largest first by its bigger share of the cluster, so a big pod is not stranded by small ones.
  const weight = (r: ResourceList) =>
    Math.max(
      allocatable.cpuMillis ? r.cpuMillis / allocatable.cpuMillis : 0,
      allocatable.memoryBytes ? r.memoryBytes / allocatable.memoryBytes : 0,
    );
  pods.sort((a, b) => weight(b.requests) - weight(a.requests));

  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  for (const pod of pods) {
    let best: (typeof free)[number] | undefined;
    for (const f of free) {
      if (
        f.free.cpuMillis < pod.requests.cpuMillis ||
        f.free.memoryBytes < pod.requests.memoryBytes
      )
        continue;
      if (!best || roomScore(f.free, allocatable) > roomScore(best.free, allocatable)) best = f;
    }
    if (!best) {
      unplaced.push({
        app: pod.app,
        requests: pod.requests,
        reason: noRoomReason(pod.requests, free, usable.length),
      });
      continue;
    }
    best.free = add(best.free, pod.requests, -1);
    placements.push({ app: pod.app, node: best.node });
  }

  const req = budget.total.requests;
  return {
    fits: unplaced.length === 0,
    placements,
    unplaced,
    allocatable,
    share: {
      cpu: allocatable.cpuMillis ? req.cpuMillis / allocatable.cpuMillis : Number.POSITIVE_INFINITY,
      memory: allocatable.memoryBytes
        ? req.memoryBytes / allocatable.memoryBytes
        : Number.POSITIVE_INFINITY,
    },
    free,
  };
}

function roomScore(free: ResourceList, total: ResourceList): number {
  const cpu = total.cpuMillis ? free.cpuMillis / total.cpuMillis : 0;
  const mem = total.memoryBytes ? free.memoryBytes / total.memoryBytes : 0;
  return cpu + mem;
}

function noRoomReason(
  req: ResourceList,
  free: readonly { node: string; free: ResourceList }[],
  nodeCount: number,
): string {
  if (nodeCount === 0) return "no schedulable node";
  const cpuShort = free.every((f) => f.free.cpuMillis < req.cpuMillis);
  const memShort = free.every((f) => f.free.memoryBytes < req.memoryBytes);
  if (cpuShort && memShort) return "no node has enough free CPU or memory";
  if (cpuShort) return "no node has enough free CPU";
  if (memShort) return "no node has enough free memory";
  return "no single node has enough free CPU and memory together";
}
