import { describe, expect, it } from "vitest";
import { guardProbes, judgeProbes, type ProbeAnswer } from "./probes";

const probes = guardProbes({ namespace: "arr-dashboard", name: "arr-dashboard" });
const answer = (...a: ProbeAnswer[]) => probes.map((probe, i) => ({ probe, answer: a[i]! }));
const refused: ProbeAnswer = { admitted: false, status: 403, message: "denied by policy" };

describe("judgeProbes", () => {
  it("holds when every probe is refused with 403", () => {
    expect(judgeProbes(answer(refused, refused, refused))).toEqual({ state: "held" });
  });
  it("is breached when any probe is admitted, naming it", () => {
    const v = judgeProbes(answer(refused, { admitted: true }, refused));
    expect(v.state).toBe("breached");
    expect(v).toMatchObject({ reason: expect.stringMatching(/hostPath PersistentVolume/) });
  });
  it("proves nothing when the API server answers otherwise", () => {
    const v = judgeProbes(
      answer(refused, { admitted: false, status: 0, message: "ECONNREFUSED" }, refused),
    );
    expect(v.state).toBe("unknown");
  });
  it("probes a RoleBinding elsewhere, a hostPath PV and another Namespace", () => {
    expect(probes.map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ""}`)).toEqual([
      "RoleBinding/kube-system",
      "PersistentVolume/",
      "Namespace/",
    ]);
  });
});
