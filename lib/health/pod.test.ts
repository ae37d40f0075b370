import { describe, expect, it } from "vitest";
import { container, event, notReadyPod, pod } from "./fixtures";
import { describeTermination, FAILING_WAITING_REASONS, podHealth } from "./pod";

describe("podHealth", () => {
  it("is Healthy when the Ready condition is True", () => {
    expect(podHealth(pod())).toEqual({
      status: "Healthy",
      reason: "Pod sonarr-7d9c-abcde is ready",
      details: [],
    });
  });

  it("keeps restarts and the last termination visible on a healthy pod", () => {
    const h = podHealth(
      pod({
        containers: [
          container({ restartCount: 2, lastTermination: { exitCode: 137, reason: "OOMKilled" } }),
        ],
      }),
    );
    expect(h.status).toBe("Healthy");
    expect(h.details).toEqual(["app: 2 restarts", "app last terminated with exit 137 (OOMKilled)"]);
  });

  it("reads readiness, not phase: a Running pod whose container crash-loops is Degraded", () => {
    const h = podHealth(
      notReadyPod({
        state: {
          kind: "waiting",
          reason: "CrashLoopBackOff",
          message: "back-off 40s restarting failed container=app",
        },
        restartCount: 5,
        lastTermination: { exitCode: 1, reason: "Error" },
      }),
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe("app: CrashLoopBackOff — last exit exit 1 (Error) — 5 restarts");
    expect(h.details[0]).toBe("app: back-off 40s restarting failed container=app");
    expect(h.details).toContain("app last terminated with exit 1 (Error)");
  });

  it.each([...FAILING_WAITING_REASONS])("treats waiting reason %s as Degraded", (reason) => {
    const h = podHealth(notReadyPod({ state: { kind: "waiting", reason } }));
    expect(h.status).toBe("Degraded");
    expect(h.reason).toContain(reason);
  });

  it("reports an image pull failure with the registry's message", () => {
    const h = podHealth(
      notReadyPod({
        state: {
          kind: "waiting",
          reason: "ImagePullBackOff",
          message: 'Back-off pulling image "lscr.io/linuxserver/sonarr:nope"',
        },
      }),
    );
    expect(h).toMatchObject({ status: "Degraded", reason: "app: ImagePullBackOff" });
    expect(h.details[0]).toContain("sonarr:nope");
  });

  it.each(["ContainerCreating", "PodInitializing"])(
    "treats waiting reason %s as Progressing",
    (reason) => {
      const h = podHealth(notReadyPod({ state: { kind: "waiting", reason } }));
      expect(h).toMatchObject({ status: "Progressing", reason: `app: ${reason}` });
    },
  );

  it("says which containers are not ready and shows the readiness probe's output", () => {
    const h = podHealth(notReadyPod({ state: { kind: "running" } }), [
      event({
        type: "Warning",
        reason: "Unhealthy",
        message: "Readiness probe failed: HTTP probe failed with statuscode: 503",
      }),
    ]);
    expect(h.status).toBe("Progressing");
    expect(h.reason).toBe("Not ready: app (readiness probe failing)");
    expect(h.details[0]).toBe("Readiness probe failed: HTTP probe failed with statuscode: 503");
  });

  it("is Progressing without the probe hint when there is no Unhealthy event", () => {
    expect(podHealth(notReadyPod({ state: { kind: "running" } })).reason).toBe("Not ready: app");
  });

  it("is Degraded when a container terminated with an error and waits to restart", () => {
    const h = podHealth(
      notReadyPod({
        state: { kind: "terminated", exitCode: 2, reason: "Error", message: "bad config" },
      }),
    );
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "app: terminated with exit 2 (Error): bad config",
    });
  });

  it("accepts an init container that finished with exit 0", () => {
    const init = container({
      name: "init",
      init: true,
      ready: false,
      state: { kind: "terminated", exitCode: 0, reason: "Completed" },
    });
    expect(podHealth(pod({ containers: [init, container()] })).status).toBe("Healthy");
  });

  it("reports a crash-looping init container before the app container waiting behind it", () => {
    const init = container({
      name: "init-perms",
      init: true,
      ready: false,
      state: { kind: "waiting", reason: "CrashLoopBackOff" },
      restartCount: 3,
    });
    const app = container({ ready: false, state: { kind: "waiting", reason: "PodInitializing" } });
    const h = podHealth(pod({ ready: false, containers: [init, app] }));
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "init-perms: CrashLoopBackOff — 3 restarts",
    });
  });

  it("is Degraded when unschedulable, with the scheduler's message", () => {
    const h = podHealth(
      pod({
        phase: "Pending",
        ready: false,
        nodeName: undefined,
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: "0/3 nodes are available: 3 Insufficient cpu.",
          },
        ],
        containers: [
          container({ ready: false, state: { kind: "waiting", reason: "ContainerCreating" } }),
        ],
      }),
    );
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.",
    });
  });

  it("is Progressing while the pod waits for its claim to bind", () => {
    const h = podHealth(
      pod({
        phase: "Pending",
        ready: false,
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.",
          },
        ],
      }),
    );
    expect(h.status).toBe("Progressing");
    expect(h.reason).toContain("unbound immediate PersistentVolumeClaims");
  });

  it("is Degraded when the pod's claim does not exist", () => {
    const h = podHealth(
      pod({
        phase: "Pending",
        ready: false,
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: 'persistentvolumeclaim "sonarr-config" not found',
          },
        ],
      }),
    );
    expect(h.status).toBe("Degraded");
  });

  it("is Progressing behind scheduling gates", () => {
    const h = podHealth(
      pod({
        phase: "Pending",
        ready: false,
        conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
      }),
    );
    expect(h.status).toBe("Progressing");
  });

  it("surfaces FailedMount while the pod is stuck creating", () => {
    const h = podHealth(
      notReadyPod(
        { state: { kind: "waiting", reason: "ContainerCreating" } },
        { phase: "Pending" },
      ),
      [
        event({ type: "Normal", reason: "Scheduled", lastAt: "2026-11-25T10:00:00.000Z" }),
        event({
          type: "Warning",
          reason: "FailedMount",
          count: 4,
          message:
            'MountVolume.SetUp failed for volume "arr-data-nfs" : mount failed: exit status 32\nmount.nfs: Connection timed out',
          lastAt: "2026-11-25T10:02:00.000Z",
        }),
      ],
    );
    expect(h.status).toBe("Degraded");
    expect(h.reason).toBe(
      "FailedMount (×4) (volume arr-data-nfs): mount.nfs: Connection timed out",
    );
  });

  it("ignores an old FailedMount once the pod is ready", () => {
    const h = podHealth(pod(), [
      event({ type: "Warning", reason: "FailedMount", message: "timed out" }),
    ]);
    expect(h.status).toBe("Healthy");
  });

  it("ignores events about other pods", () => {
    const h = podHealth(notReadyPod({ state: { kind: "running" } }), [
      event({
        involved: { kind: "Pod", name: "radarr-1" },
        type: "Warning",
        reason: "FailedMount",
        message: "x",
      }),
    ]);
    expect(h.status).toBe("Progressing");
  });

  it("is Progressing while terminating", () => {
    expect(podHealth(pod({ deletionTimestamp: "2026-11-25T10:05:00.000Z" })).status).toBe(
      "Progressing",
    );
  });

  it("is Degraded when evicted (phase Failed)", () => {
    const h = podHealth(
      pod({
        phase: "Failed",
        ready: false,
        reason: "Evicted",
        message: "The node was low on resource: memory.",
      }),
    );
    expect(h).toMatchObject({
      status: "Degraded",
      reason: "Pod sonarr-7d9c-abcde failed: Evicted: The node was low on resource: memory.",
    });
  });

  it("is Degraded when a Deployment pod has Succeeded (it should run forever)", () => {
    expect(podHealth(pod({ phase: "Succeeded", ready: false })).status).toBe("Degraded");
  });

  it("is Unknown when the node stopped reporting", () => {
    expect(podHealth(pod({ phase: "Unknown", ready: false })).status).toBe("Unknown");
  });

  it("is Progressing for a Running pod that is not ready and has no container detail", () => {
    const h = podHealth(
      pod({
        ready: false,
        containers: [],
        conditions: [{ type: "Ready", status: "False", reason: "ReadinessGatesNotReady" }],
      }),
    );
    expect(h).toMatchObject({
      status: "Progressing",
      reason: "Pod sonarr-7d9c-abcde is running, not ready yet (ReadinessGatesNotReady)",
    });
  });

  it("truncates very long messages to one line", () => {
    const long = "x".repeat(1000);
    const h = podHealth(notReadyPod({ state: { kind: "terminated", exitCode: 1, message: long } }));
    expect(h.reason.length).toBeLessThan(400);
    expect(h.reason.endsWith("…")).toBe(true);
  });
});

describe("describeTermination", () => {
  it("formats exit code, reason and message", () => {
    expect(describeTermination({ exitCode: 137, reason: "OOMKilled" })).toBe(
      "exit 137 (OOMKilled)",
    );
    expect(describeTermination({ exitCode: 0 })).toBe("exit 0");
    expect(describeTermination({ exitCode: 1, reason: "Error", message: "line1\n line2" })).toBe(
      "exit 1 (Error): line1 line2",
    );
  });
});
