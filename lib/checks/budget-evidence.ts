import { fitsNodes, parseBytes, parseCpuMillis, stackBudget, type BudgetApp } from "@/lib/budget";
import { formatCpu, formatPercent, formatQuantity } from "@/lib/format";
import type { NodeView } from "@/lib/cluster/types";
import { fail, ok, type Result } from "@/lib/result";
import type { BudgetEvidence } from "./checklist";

/**
 * The budget item's evidence: the stack's requests placed on the nodes' allocatable (pure).
 * Fails `not-found` before any node is seen, `invalid` when a manifest quantity does not parse.
 */
export function budgetEvidence(
  apps: readonly BudgetApp[],
  nodes: readonly NodeView[],
): Result<BudgetEvidence> {
  if (nodes.length === 0) return fail("not-found", "No nodes seen yet");
  try {
    const budget = stackBudget(apps);
    const fit = fitsNodes(
      budget,
      nodes.map((n) => ({
        name: n.name,
        allocatable: {
          cpuMillis: parseCpuMillis(n.allocatable.cpu ?? "0"),
          memoryBytes: parseBytes(n.allocatable.memory ?? "0"),
        },
        schedulable: n.ready && !n.unschedulable,
      })),
    );
    const req = budget.total.requests;
    const detail = `Requests ${formatCpu(req.cpuMillis)} CPU and ${formatQuantity(req.memoryBytes)} memory: ${formatPercent(fit.share.cpu)} CPU and ${formatPercent(fit.share.memory)} memory of ${nodes.length} node${nodes.length === 1 ? "" : "s"}`;
    return ok({
      fits: fit.fits,
      detail: fit.fits
        ? detail
        : `${fit.unplaced.length} pod${fit.unplaced.length === 1 ? "" : "s"} would not fit: ${fit.unplaced.map((u) => `${u.app} (${u.reason})`).join(", ")}`,
      evidence: [detail, ...fit.placements.map((p) => `${p.app} → ${p.node}`)],
    });
  } catch (error) {
    return fail(
      "invalid",
      `Budget could not be computed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
