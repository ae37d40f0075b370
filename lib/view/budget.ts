/**
 * The budget page's data: the manifests' requests and limits per app and in total, against the
 * sum of what the nodes can allocate (lib/budget does the arithmetic), plus live usage from
 * metrics.k8s.io when the cluster serves it.
 */
import { fitsNodes, stackBudget, type FitResult, type NodeCapacity } from "@/lib/budget/budget";
import { parseBytes, parseCpuMillis } from "@/lib/budget/quantity";
import type { ClusterView } from "@/lib/cluster/types";
import type { ResourceList, Stack, StackApp } from "@/lib/stack/types";
import { appPods } from "@/lib/stack/pods";

interface BudgetRow {
  name: string;
  displayName: string;
  requests: ResourceList;
  limits: ResourceList;
  configBytes: number;
  /** Live usage summed over the app's pods; undefined without metrics.k8s.io. */
  usage?: ResourceList;
}

export interface BudgetView {
  rows: BudgetRow[];
  total: {
    requests: ResourceList;
    limits: ResourceList;
    configBytes: number;
    usage?: ResourceList;
  };
  /** Sum of allocatable over schedulable (Ready, not cordoned) nodes. */
  allocatable: ResourceList;
  nodes: { name: string; allocatable: ResourceList; schedulable: boolean }[];
  fit: Pick<FitResult, "fits" | "unplaced" | "share">;
  /** Limits as a share of allocatable (over-commit shows as > 1). */
  limitsShare: { cpu: number; memory: number };
  usage: { available: boolean; statement: string };
}

function safe(parse: (q: string) => number, q: string | undefined): number {
  if (q === undefined) return 0;
  try {
    return parse(q);
  } catch {
    return 0;
  }
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : Number.POSITIVE_INFINITY;
}

export function buildBudgetView(stack: Stack, cluster: ClusterView): BudgetView {
  const budget = stackBudget(stack.apps);
  const nodes: NodeCapacity[] = cluster.nodes.map((n) => ({
    name: n.name,
    allocatable: {
      cpuMillis: safe(parseCpuMillis, n.allocatable.cpu),
      memoryBytes: safe(parseBytes, n.allocatable.memory),
    },
    schedulable: n.ready && !n.unschedulable,
  }));
  const fit = fitsNodes(budget, nodes);
  const metrics = cluster.metrics;
  const usageOf = (app: StackApp): ResourceList | undefined => {
    if (!metrics.available) return undefined;
    const names = new Set(appPods(app, cluster.pods).map((p) => p.name));
    return metrics.pods
      .filter((m) => names.has(m.name))
      .flatMap((m) => m.containers)
      .reduce(
        (t, c) => ({
          cpuMillis: t.cpuMillis + safe(parseCpuMillis, c.cpu),
          memoryBytes: t.memoryBytes + safe(parseBytes, c.memory),
        }),
        {
          cpuMillis: 0,
          memoryBytes: 0,
        },
      );
  };
  const rows: BudgetRow[] = stack.apps.map((a) => {
    const usage = usageOf(a);
    return {
      name: a.name,
      displayName: a.displayName,
      requests: a.requests,
      limits: a.limits,
      configBytes: a.configClaim.sizeBytes,
      ...(usage ? { usage } : {}),
    };
  });
  const usageTotal = metrics.available
    ? rows.reduce(
        (t, r) => ({
          cpuMillis: t.cpuMillis + (r.usage?.cpuMillis ?? 0),
          memoryBytes: t.memoryBytes + (r.usage?.memoryBytes ?? 0),
        }),
        {
          cpuMillis: 0,
          memoryBytes: 0,
        },
      )
    : undefined;
  return {
    rows,
    total: { ...budget.total, ...(usageTotal ? { usage: usageTotal } : {}) },
    allocatable: fit.allocatable,
    nodes: nodes.map((n) => ({
      name: n.name,
      allocatable: n.allocatable,
      schedulable: n.schedulable !== false,
    })),
    fit: { fits: fit.fits, unplaced: fit.unplaced, share: fit.share },
    limitsShare: {
      cpu: share(budget.total.limits.cpuMillis, fit.allocatable.cpuMillis),
      memory: share(budget.total.limits.memoryBytes, fit.allocatable.memoryBytes),
    },
    usage: metrics.available
      ? {
          available: true,
          statement: `Live usage from metrics.k8s.io${metrics.checkedAt ? `, sampled ${metrics.checkedAt}` : ""}.`,
        }
      : {
          available: false,
          statement:
            "This cluster does not serve metrics.k8s.io (no metrics-server), so live CPU and memory usage cannot be shown; requests and limits come from the manifests.",
        },
  };
}
