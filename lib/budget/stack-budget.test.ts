// The seed's Resource Budget table, computed from k8s/media through the loader (not copied).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadStack } from "@/lib/stack/load";
import { fitsNodes, stackBudget } from "./budget";
import { formatCpu, formatPercent, formatQuantity } from "@/lib/format";

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;
const stack = loadStack(path.resolve(__dirname, "../../k8s/media"));
const budget = stackBudget(stack.apps);

describe("the stack's budget from k8s/media", () => {
  it("matches the seed's totals: 1000m / 6750m CPU, 1.4Gi / 4.75Gi memory, 13Gi config", () => {
    expect(budget.total.requests).toEqual({ cpuMillis: 1000, memoryBytes: 1408 * Mi });
    expect(budget.total.limits).toEqual({ cpuMillis: 6750, memoryBytes: 4864 * Mi });
    expect(budget.total.configBytes).toBe(13 * Gi);
    expect(formatCpu(budget.total.requests.cpuMillis)).toBe("1000m");
    expect(formatCpu(budget.total.limits.cpuMillis)).toBe("6750m");
    expect(formatQuantity(budget.total.requests.memoryBytes)).toBe("1.4Gi");
    expect(formatQuantity(budget.total.limits.memoryBytes)).toBe("4.75Gi");
    expect(formatQuantity(budget.total.configBytes)).toBe("13Gi");
  });

  it("matches the seed's rows", () => {
    const rows = budget.apps.map((a) => [
      a.name,
      formatCpu(a.requests.cpuMillis),
      formatCpu(a.limits.cpuMillis),
      formatQuantity(a.requests.memoryBytes),
      formatQuantity(a.limits.memoryBytes),
      formatQuantity(a.configBytes),
    ]);
    expect(rows).toEqual([
      ["prowlarr", "50m", "250m", "128Mi", "256Mi", "2Gi"],
      ["qbittorrent", "250m", "1000m", "256Mi", "1Gi", "2Gi"],
      ["sonarr", "100m", "500m", "256Mi", "512Mi", "2Gi"],
      ["radarr", "100m", "1000m", "256Mi", "1Gi", "2Gi"],
      ["jellyfin", "500m", "4000m", "512Mi", "2Gi", "5Gi"],
    ]);
  });

  it("fits three 16 CPU / 64Gi nodes, placing all five pods", () => {
    const nodes = ["k8s-cp1", "k8s-cp2", "k8s-cp3"].map((name) => ({
      name,
      allocatable: { cpuMillis: 16000, memoryBytes: 64 * Gi },
    }));
    const fit = fitsNodes(budget, nodes);
    expect(fit.fits).toBe(true);
    expect(fit.placements).toHaveLength(5);
    expect(formatPercent(fit.share.memory)).toBe("0.7%");
    // By limits, 4.75Gi of 192Gi.
    expect(formatPercent(budget.total.limits.memoryBytes / fit.allocatable.memoryBytes)).toBe(
      "2.5%",
    );
  });
});
