import { describe, expect, it } from "vitest";
import { appHealth, type AppHealthInput } from "./app";
import { container, deployment, event, namespace, notReadyPod, pod, pv, pvc } from "./fixtures";

function input(over: Partial<AppHealthInput> = {}): AppHealthInput {
  return {
    name: "sonarr",
    namespaceName: "media",
    known: true,
    namespace: namespace(),
    deployment: deployment(),
    pods: [pod()],
    claims: [
      { name: "sonarr-config", pvc: pvc(), pv: undefined },
      {
        name: "arr-data",
        pvc: pvc({
          name: "arr-data",
          volumeName: "arr-data-nfs",
          storageClassName: "nfs",
          capacity: "2Ti",
        }),
        pv: pv(),
      },
    ],
    events: [],
    ...over,
  };
}

describe("appHealth", () => {
  it("is Healthy with pods ready", () => {
    expect(appHealth(input())).toEqual({ status: "Healthy", reason: "1/1 ready", details: [] });
  });

  it("counts restarts on a healthy app", () => {
    const h = appHealth(input({ pods: [pod({ containers: [container({ restartCount: 3 })] })] }));
    expect(h).toMatchObject({ status: "Healthy", reason: "1/1 ready, 3 restarts" });
  });

  it("is Unknown before the first sync", () => {
    expect(appHealth(input({ known: false })).status).toBe("Unknown");
  });

  it("is Missing without the namespace or the Deployment", () => {
    expect(appHealth(input({ namespace: null }))).toMatchObject({
      status: "Missing",
      reason: "Namespace media does not exist",
    });
    expect(appHealth(input({ deployment: undefined, pods: [] }))).toMatchObject({
      status: "Missing",
      reason: "Deployment sonarr not found",
    });
  });

  it("is Degraded while the namespace is being deleted", () => {
    expect(appHealth(input({ namespace: namespace({ phase: "Terminating" }) })).status).toBe(
      "Degraded",
    );
  });

  it("is Stopped when scaled to 0, even with no pods", () => {
    const h = appHealth(
      input({
        deployment: deployment({
          specReplicas: 0,
          replicas: 0,
          availableReplicas: 0,
          updatedReplicas: 0,
        }),
        pods: [],
      }),
    );
    expect(h).toEqual({ status: "Stopped", reason: "Scaled to 0", details: [] });
  });

  it("shows the CrashLoopBackOff of its pod as the reason", () => {
    const h = appHealth(
      input({
        deployment: deployment({ availableReplicas: 0, readyReplicas: 0 }),
        pods: [
          notReadyPod({ state: { kind: "waiting", reason: "CrashLoopBackOff" }, restartCount: 4 }),
        ],
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe("app: CrashLoopBackOff — 4 restarts");
    expect(h.details).toContain("0 of 1 updated replicas available");
  });

  it("blames a Released PV (root cause) over the pod stuck behind it", () => {
    const h = appHealth(
      input({
        deployment: deployment({ availableReplicas: 0 }),
        pods: [
          pod({
            phase: "Pending",
            ready: false,
            conditions: [
              {
                type: "PodScheduled",
                status: "False",
                reason: "Unschedulable",
                message: "pod has unbound immediate PersistentVolumeClaims",
              },
            ],
          }),
        ],
        claims: [
          { name: "sonarr-config", pvc: pvc(), pv: undefined },
          {
            name: "arr-data",
            pvc: pvc({ name: "arr-data", phase: "Pending", volumeName: undefined }),
            pv: pv({ phase: "Released" }),
          },
        ],
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toContain("PV arr-data-nfs is Released");
  });

  it("is Degraded when a claim is missing", () => {
    const h = appHealth(
      input({ claims: [{ name: "sonarr-config", pvc: undefined, pv: undefined }] }),
    );
    expect(h).toMatchObject({ status: "Degraded", reason: "Claim sonarr-config not found" });
  });

  it("is Degraded past the progress deadline, mentioning the pod", () => {
    const h = appHealth(
      input({
        deployment: deployment({
          availableReplicas: 0,
          conditions: [
            { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" },
          ],
        }),
        pods: [notReadyPod({ state: { kind: "running" } })],
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe("Rollout exceeded its progress deadline (600s)");
    expect(h.details).toContain("Not ready: app");
  });

  it("is Degraded when unschedulable for lack of CPU", () => {
    const h = appHealth(
      input({
        deployment: deployment({ availableReplicas: 0 }),
        pods: [
          pod({
            phase: "Pending",
            ready: false,
            conditions: [
              {
                type: "PodScheduled",
                status: "False",
                reason: "Unschedulable",
                message: "0/3 nodes are available: 3 Insufficient memory.",
              },
            ],
          }),
        ],
      }),
    );
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "Unschedulable: 0/3 nodes are available: 3 Insufficient memory.",
    });
  });

  it("reports FailedMount from events", () => {
    const h = appHealth(
      input({
        deployment: deployment({ availableReplicas: 0 }),
        pods: [
          notReadyPod(
            { state: { kind: "waiting", reason: "ContainerCreating" } },
            { phase: "Pending" },
          ),
        ],
        events: [
          event({
            type: "Warning",
            reason: "FailedMount",
            message: "mount.nfs: access denied by server",
          }),
        ],
      }),
    );
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "FailedMount: mount.nfs: access denied by server",
    });
  });

  it("is Progressing with the pod's concrete reason during a rollout", () => {
    const h = appHealth(
      input({
        deployment: deployment({ availableReplicas: 0 }),
        pods: [notReadyPod({ state: { kind: "waiting", reason: "ContainerCreating" } })],
      }),
    );
    expect(h).toMatchObject({ status: "Progressing", reason: "app: ContainerCreating" });
    expect(h.details).toContain("0 of 1 updated replicas available");
  });

  it("judges the new pod, not the one terminating beside it (Recreate)", () => {
    const h = appHealth(
      input({
        pods: [
          notReadyPod(
            { state: { kind: "terminated", exitCode: 143 } },
            { name: "old", deletionTimestamp: "2026-11-25T10:00:00.000Z" },
          ),
          pod({ name: "new" }),
        ],
      }),
    );
    expect(h.status).toBe("Healthy");
  });

  it("is Progressing when status says available but no pod is seen", () => {
    expect(appHealth(input({ pods: [] }))).toMatchObject({
      status: "Progressing",
      reason: "Waiting for a pod to appear",
    });
  });

  it("is Progressing while the controller catches up with a new generation", () => {
    expect(
      appHealth(input({ deployment: deployment({ generation: 5, observedGeneration: 4 }) })).status,
    ).toBe("Progressing");
  });
});
