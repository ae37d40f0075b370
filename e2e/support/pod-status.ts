// Test helper: reports a (KWOK) pod's status the way a kubelet would (crash-looping, Ready, or
// Running but not Ready) by patching its status subresource. KWOK's default stages only make
// pods Running.
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1ContainerStatus,
  type V1Pod,
  type V1PodCondition,
} from "@kubernetes/client-node";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const READY_CONDITIONS = ["Initialized", "ContainersReady", "Ready"];

type Pod = V1Pod;
type Condition = V1PodCondition;
type ContainerStatus = V1ContainerStatus;

/**
 * Patches the pod's status subresource as its kubelet would: each container's status from
 * `container`, the Ready/ContainersReady (and Initialized) conditions from `conditions` (the
 * others kept: a merge patch replaces lists whole), and the phase when given.
 */
async function reportStatus(
  kc: KubeConfig,
  namespace: string,
  name: string,
  report: {
    phase?: string;
    container: (
      c: { name: string; image?: string },
      pod: Pod,
    ) => Omit<ContainerStatus, "name" | "image" | "imageID">;
    conditions: (pod: Pod, now: string) => Condition[];
  },
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name, namespace });
  const now = new Date().toISOString();
  await core.patchNamespacedPodStatus(
    {
      name,
      namespace,
      body: {
        status: {
          ...(report.phase ? { phase: report.phase } : {}),
          conditions: report.conditions(pod, now),
          containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
            name: c.name,
            image: c.image ?? "",
            imageID: "",
            ...report.container(c, pod),
          })),
        },
      },
    },
    mergePatch,
  );
}

/** The pod's conditions with Initialized, ContainersReady and Ready replaced. */
function withReadiness(pod: Pod, ready: boolean, now: string, initializedAt = now): Condition[] {
  return [
    ...(pod.status?.conditions ?? []).filter((c) => !READY_CONDITIONS.includes(c.type)),
    { type: "Initialized", status: "True", lastTransitionTime: new Date(initializedAt) },
    ...["ContainersReady", "Ready"].map((type) => ({
      type,
      status: ready ? "True" : "False",
      ...(ready ? {} : { reason: "ContainersNotReady" }),
      lastTransitionTime: new Date(now),
    })),
  ];
}

/** Marks every container of the pod waiting in CrashLoopBackOff, not ready, with restarts. */
export async function crashLoopPod(
  kc: KubeConfig,
  namespace: string,
  name: string,
  restarts = 5,
): Promise<void> {
  const now = new Date().toISOString();
  await reportStatus(kc, namespace, name, {
    container: (c) => ({
      ready: false,
      started: false,
      restartCount: restarts,
      state: {
        waiting: {
          reason: "CrashLoopBackOff",
          message: `back-off 5m0s restarting failed container=${c.name} pod=${name}`,
        },
      },
      lastState: {
        terminated: {
          exitCode: 1,
          reason: "Error",
          startedAt: new Date(now),
          finishedAt: new Date(now),
        },
      },
    }),
    // Keep the other conditions as they are.
    conditions: (pod, at) =>
      (pod.status?.conditions ?? []).map((c) =>
        c.type === "Ready" || c.type === "ContainersReady"
          ? {
              type: c.type,
              status: "False",
              reason: "ContainersNotReady",
              lastTransitionTime: new Date(at),
            }
          : c,
      ),
  });
}

/**
 * Reports the pod Running with every container running and ready (undoes crashLoopPod; on a node
 * no KWOK controller manages, it is the status the kubelet would have reported before it died).
 */
export async function readyPod(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  const now = new Date();
  await reportStatus(kc, namespace, name, {
    phase: "Running",
    container: (c, pod) => ({
      ready: true,
      started: true,
      restartCount:
        pod.status?.containerStatuses?.find((s) => s.name === c.name)?.restartCount ?? 0,
      state: { running: { startedAt: now } },
    }),
    conditions: (pod, at) => withReadiness(pod, true, at),
  });
}

/**
 * Reports the pod Running with every container running since `startedAt` but not ready (its
 * readiness probe failing), e.g. a LinuxServer container whose init cannot switch to PUID (F9).
 */
export async function runningNotReadyPod(
  kc: KubeConfig,
  namespace: string,
  name: string,
  startedAt: string,
): Promise<void> {
  await reportStatus(kc, namespace, name, {
    phase: "Running",
    container: () => ({
      ready: false,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: new Date(startedAt) } },
    }),
    conditions: (pod, at) => withReadiness(pod, false, at, startedAt),
  });
}
