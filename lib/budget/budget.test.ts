import { describe, expect, it } from "vitest";
import { fitsNodes, stackBudget, type BudgetApp, type NodeCapacity } from "./budget";

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;

function app(
  name: string,
  cpu: [number, number],
  memMi: [number, number],
  configGi: number,
): BudgetApp {
  return {
    name,
    requests: { cpuMillis: cpu[0], memoryBytes: memMi[0] * Mi },
    limits: { cpuMillis: cpu[1], memoryBytes: memMi[1] * Mi },
    configClaim: {
      name: `${name}-config`,
      storageClassName: "longhorn",
      sizeBytes: configGi * Gi,
      size: `${configGi}Gi`,
    },
  };
}

// A fixture shaped like a small two-app stack (the real five-app figures are checked from
// k8s/media in lib/stack/budget-from-manifests.test.ts).
const small = [app("alpha", [100, 500], [256, 512], 2), app("beta", [400, 2000], [1024, 2048], 5)];

function node(
  name: string,
  cpuMillis: number,
  memGi: number,
  extra: Partial<NodeCapacity> = {},
): NodeCapacity {
  return { name, allocatable: { cpuMillis, memoryBytes: memGi * Gi }, ...extra };
}

describe("stackBudget", () => {
  it("sums requests, limits and config storage", () => {
    const b = stackBudget(small);
    expect(b.total.requests).toEqual({ cpuMillis: 500, memoryBytes: 1280 * Mi });
    expect(b.total.limits).toEqual({ cpuMillis: 2500, memoryBytes: 2560 * Mi });
    expect(b.total.configBytes).toBe(7 * Gi);
    expect(b.apps.map((a) => [a.name, a.replicas])).toEqual([
      ["alpha", 1],
      ["beta", 1],
    ]);
  });

  it("counts replicas: a stopped app costs no CPU or memory but keeps its claim", () => {
    const b = stackBudget(small, { beta: 0 });
    expect(b.total.requests).toEqual({ cpuMillis: 100, memoryBytes: 256 * Mi });
    expect(b.total.configBytes).toBe(7 * Gi);
    expect(stackBudget(small, { alpha: 3 }).total.requests.cpuMillis).toBe(700);
  });

  it("rejects impossible replica counts", () => {
    expect(() => stackBudget(small, { alpha: -1 })).toThrow(/alpha/);
    expect(() => stackBudget(small, { alpha: 1.5 })).toThrow(RangeError);
  });

  it("is zero for no apps", () => {
    expect(stackBudget([]).total).toEqual({
      requests: { cpuMillis: 0, memoryBytes: 0 },
      limits: { cpuMillis: 0, memoryBytes: 0 },
      configBytes: 0,
    });
  });
});

describe("fitsNodes", () => {
  it("fits on roomy nodes and reports the share of allocatable", () => {
    const r = fitsNodes(stackBudget(small), [node("n1", 16000, 64), node("n2", 16000, 64)]);
    expect(r.fits).toBe(true);
    expect(r.unplaced).toEqual([]);
    expect(r.placements).toHaveLength(2);
    // Least-allocated spreading: the two pods land on different nodes.
    expect(new Set(r.placements.map((p) => p.node)).size).toBe(2);
    expect(r.allocatable).toEqual({ cpuMillis: 32000, memoryBytes: 128 * Gi });
    expect(r.share.cpu).toBeCloseTo(500 / 32000);
    expect(r.share.memory).toBeCloseTo((1280 * Mi) / (128 * Gi));
  });

  it("subtracts what other pods already request", () => {
    const busy = node("n1", 1000, 4, { requested: { cpuMillis: 700, memoryBytes: 1 * Gi } });
    const r = fitsNodes(stackBudget(small), [busy]);
    expect(r.fits).toBe(false);
    expect(r.unplaced.map((u) => u.app)).toEqual(["beta"]);
    expect(r.unplaced[0]?.reason).toBe("no node has enough free CPU");
    expect(r.free).toEqual([
      { node: "n1", free: { cpuMillis: 200, memoryBytes: 3 * Gi - 256 * Mi } },
    ]);
  });

  it("says when memory is the shortage", () => {
    const r = fitsNodes(stackBudget(small), [node("n1", 8000, 0.5)]);
    expect(r.fits).toBe(false);
    expect(r.unplaced).toEqual([
      { app: "beta", requests: small[1]?.requests, reason: "no node has enough free memory" },
    ]);
  });

  it("does not pool resources across nodes: enough in total is not enough on one node", () => {
    const big = [app("big", [3000, 3000], [1024, 1024], 1)];
    const r = fitsNodes(stackBudget(big), [node("n1", 2000, 8), node("n2", 2000, 8)]);
    expect(r.allocatable.cpuMillis).toBe(4000);
    expect(r.fits).toBe(false);
  });

  it("reports when CPU and memory are free on different nodes only", () => {
    const big = [app("big", [3000, 3000], [4096, 4096], 1)];
    const r = fitsNodes(stackBudget(big), [node("cpu-rich", 8000, 1), node("mem-rich", 1000, 16)]);
    expect(r.unplaced[0]?.reason).toBe("no single node has enough free CPU and memory together");
  });

  it("places the largest pod first so it is not stranded", () => {
    // Smallest-first would put "small" on n1 (most room) and strand "large".
    const apps = [
      app("small", [500, 500], [128, 128], 1),
      app("large", [1500, 1500], [128, 128], 1),
    ];
    const r = fitsNodes(stackBudget(apps), [node("n1", 1600, 4), node("n2", 1000, 4)]);
    expect(r.fits).toBe(true);
    expect(r.placements).toEqual([
      { app: "large", node: "n1" },
      { app: "small", node: "n2" },
    ]);
  });

  it("ignores unschedulable nodes", () => {
    const r = fitsNodes(stackBudget(small), [node("cordoned", 16000, 64, { schedulable: false })]);
    expect(r.fits).toBe(false);
    expect(r.unplaced[0]?.reason).toBe("no schedulable node");
    expect(r.share.cpu).toBe(Number.POSITIVE_INFINITY);
  });

  it("places every replica", () => {
    const r = fitsNodes(stackBudget(small, { alpha: 2, beta: 0 }), [node("n1", 16000, 64)]);
    expect(r.placements).toEqual([
      { app: "alpha", node: "n1" },
      { app: "alpha", node: "n1" },
    ]);
  });
});
