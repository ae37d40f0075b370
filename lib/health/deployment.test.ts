import { describe, expect, it } from "vitest";
import { rolloutHealth } from "./deployment";
import { deployment } from "./fixtures";

describe("rolloutHealth (kubectl rollout status rules)", () => {
  it("is Healthy when rolled out", () => {
    expect(rolloutHealth(deployment())).toEqual({
      status: "Healthy",
      reason: "Rolled out: 1 of 1 available",
      details: [],
    });
  });

  it("waits for the controller to observe a new generation before trusting counts", () => {
    const h = rolloutHealth(deployment({ generation: 3, observedGeneration: 2 }));
    expect(h).toMatchObject({
      status: "Progressing",
      reason: "Waiting for the deployment controller to observe the new spec",
    });
    expect(h.details).toEqual(["generation 3, observed 2"]);
  });

  it("is Progressing while new replicas are being updated", () => {
    expect(rolloutHealth(deployment({ updatedReplicas: 0 })).reason).toBe(
      "0 of 1 new replicas updated",
    );
  });

  it("is Progressing while old replicas terminate", () => {
    expect(rolloutHealth(deployment({ replicas: 2, updatedReplicas: 1 })).reason).toBe(
      "1 old replica pending termination",
    );
    expect(rolloutHealth(deployment({ replicas: 4, updatedReplicas: 1 })).reason).toBe(
      "3 old replicas pending termination",
    );
  });

  it("is Progressing until updated replicas are available", () => {
    const h = rolloutHealth(
      deployment({ availableReplicas: 0, readyReplicas: 0, unavailableReplicas: 1 }),
    );
    expect(h).toMatchObject({ status: "Progressing", reason: "0 of 1 updated replicas available" });
    expect(h.details[0]).toBe("desired 1, current 1, updated 1, ready 0, available 0");
  });

  it("is Degraded once the progress deadline is exceeded", () => {
    const h = rolloutHealth(
      deployment({
        availableReplicas: 0,
        conditions: [
          { type: "Available", status: "False", reason: "MinimumReplicasUnavailable" },
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "sonarr-7d9c" has timed out progressing.',
          },
        ],
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe("Rollout exceeded its progress deadline (600s)");
    expect(h.details[0]).toBe('ReplicaSet "sonarr-7d9c" has timed out progressing.');
  });

  it("does not report the deadline of an older generation", () => {
    const h = rolloutHealth(
      deployment({
        generation: 4,
        observedGeneration: 3,
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      }),
    );
    expect(h.status).toBe("Progressing");
  });

  it("is Degraded when the ReplicaSet cannot create pods (e.g. Pod Security)", () => {
    const h = rolloutHealth(
      deployment({
        replicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        conditions: [
          {
            type: "ReplicaFailure",
            status: "True",
            reason: "FailedCreate",
            message:
              'pods "sonarr-x" is forbidden: violates PodSecurity "baseline:latest": privileged',
          },
        ],
      }),
    );
    expect(h).toMatchObject({ status: "Degraded", reason: "Pods cannot be created: FailedCreate" });
    expect(h.details[0]).toContain("PodSecurity");
  });

  it("is Stopped when scaled to 0", () => {
    expect(
      rolloutHealth(
        deployment({ specReplicas: 0, replicas: 0, updatedReplicas: 0, availableReplicas: 0 }),
      ),
    ).toEqual({
      status: "Stopped",
      reason: "Scaled to 0",
      details: [],
    });
  });

  it("is Stopped while the last pod terminates", () => {
    expect(rolloutHealth(deployment({ specReplicas: 0, replicas: 1 })).reason).toBe(
      "Scaled to 0; 1 pod still terminating",
    );
  });

  it("says a paused rollout is paused", () => {
    expect(rolloutHealth(deployment({ paused: true }))).toMatchObject({
      status: "Healthy",
      reason: "Rollout is paused",
    });
    expect(rolloutHealth(deployment({ paused: true, availableReplicas: 0 }))).toMatchObject({
      status: "Progressing",
      reason: "Rollout is paused",
    });
  });
});
