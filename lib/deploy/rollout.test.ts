import { describe, expect, it } from "vitest";
import { rolloutState, type DeploymentRolloutView } from "./rollout";

const base: DeploymentRolloutView = {
  name: "sonarr",
  generation: 2,
  observedGeneration: 2,
  specReplicas: 1,
  replicas: 1,
  updatedReplicas: 1,
  availableReplicas: 1,
  readyReplicas: 1,
  conditions: [{ type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" }],
};

describe("rolloutState (kubectl rules)", () => {
  it("is ready when everything caught up", () => {
    expect(rolloutState(base)).toEqual({ state: "ready", message: "1/1 available" });
  });
  it("waits for the spec to be observed", () => {
    expect(rolloutState({ ...base, generation: 3 }).state).toBe("waiting");
  });
  it("waits for updated, old and available replicas in kubectl's order", () => {
    expect(rolloutState({ ...base, updatedReplicas: 0 })).toEqual({
      state: "waiting",
      message: "0 of 1 new replicas updated",
    });
    expect(rolloutState({ ...base, replicas: 2 })).toEqual({
      state: "waiting",
      message: "1 old replicas pending termination",
    });
    expect(rolloutState({ ...base, availableReplicas: 0 })).toEqual({
      state: "waiting",
      message: "0 of 1 updated replicas available",
    });
  });
  it("fails on an exceeded progress deadline even if other numbers look fine", () => {
    const r = rolloutState({
      ...base,
      conditions: [
        {
          type: "Progressing",
          status: "False",
          reason: "ProgressDeadlineExceeded",
          message: 'ReplicaSet "x" has timed out progressing.',
        },
      ],
    });
    expect(r).toEqual({
      state: "failed",
      message: 'exceeded its progress deadline: ReplicaSet "x" has timed out progressing.',
    });
  });
  it("reports a stopped app (replicas 0) as settled, not ready", () => {
    expect(
      rolloutState({
        ...base,
        specReplicas: 0,
        replicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        readyReplicas: 0,
      }).state,
    ).toBe("stopped");
    // Scaling down: the old pod is still terminating.
    expect(rolloutState({ ...base, specReplicas: 0, replicas: 1, updatedReplicas: 0 }).state).toBe(
      "waiting",
    );
  });
});
