import { describe, expect, it } from "vitest";
import { deployment } from "@/lib/health/fixtures";
import { rolloutSettled, rolloutState } from "./rollout";

// The rules themselves are tested in lib/health/deployment.test.ts; these check the mapping
// onto the deploy job's phases and when the job stops watching.
describe("rolloutState", () => {
  it("is ready when every replica is updated and available", () => {
    const s = rolloutState(deployment());
    expect(s.state).toBe("ready");
    expect(rolloutSettled(s)).toBe(true);
  });
  it("waits while the controller has not observed the new spec", () => {
    const s = rolloutState(deployment({ generation: 3, observedGeneration: 2 }));
    expect(s.state).toBe("waiting");
    expect(rolloutSettled(s)).toBe(false);
  });
  it("waits for updated, old and unavailable replicas", () => {
    expect(rolloutState(deployment({ updatedReplicas: 0 })).state).toBe("waiting");
    expect(rolloutState(deployment({ replicas: 2 })).state).toBe("waiting");
    expect(rolloutState(deployment({ availableReplicas: 0 })).state).toBe("waiting");
  });
  it("fails, with the controller's message, when the progress deadline passed", () => {
    const s = rolloutState(
      deployment({
        availableReplicas: 0,
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "sonarr-1" has timed out progressing.',
          },
        ],
      }),
    );
    expect(s.state).toBe("failed");
    expect(s.message).toContain("has timed out progressing");
    expect(rolloutSettled(s)).toBe(true);
  });
  it("fails at once when pods cannot be created (ReplicaFailure), instead of waiting out the timeout", () => {
    const s = rolloutState(
      deployment({
        availableReplicas: 0,
        conditions: [
          {
            type: "ReplicaFailure",
            status: "True",
            reason: "FailedCreate",
            message: 'pods "sonarr-1" is forbidden: violates PodSecurity "baseline:latest"',
          },
        ],
      }),
    );
    expect(s).toMatchObject({ state: "failed" });
    expect(s.message).toContain("violates PodSecurity");
  });
  it("is stopped when scaled to 0", () => {
    expect(
      rolloutState(deployment({ specReplicas: 0, replicas: 0, updatedReplicas: 0 })).state,
    ).toBe("stopped");
  });
});
