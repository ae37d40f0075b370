// Test helper: makes a (KWOK) pod look like a crash-looping container by patching its status
// subresource, the way a kubelet would report it. KWOK's default stages only make pods Running.
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from "@kubernetes/client-node";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const READY_CONDITIONS = ["Initialized", "ContainersReady", "Ready"];

/** Marks every container of the pod waiting in CrashLoopBackOff, not ready, with restarts. */
export async function crashLoopPod(
  kc: KubeConfig,
  namespace: string,
  name: string,
  restarts = 5,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name, namespace });
  const now = new Date().toISOString();
  const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? "",
    imageID: "",
    ready: false,
    started: false,
    restartCount: restarts,
    state: {
      waiting: {
        reason: "CrashLoopBackOff",
        message: `back-off 5m0s restarting failed container=${c.name} pod=${name}`,
      },
    },
    lastState: { terminated: { exitCode: 1, reason: "Error", startedAt: now, finishedAt: now } },
  }));
  await core.patchNamespacedPodStatus(
    {
      name,
      namespace,
      body: {
        status: {
          // A merge patch replaces lists whole: keep the other conditions as they are.
          conditions: (pod.status?.conditions ?? []).map((c) =>
            c.type === "Ready" || c.type === "ContainersReady"
              ? {
                  type: c.type,
                  status: "False",
                  reason: "ContainersNotReady",
                  lastTransitionTime: now,
                }
              : c,
          ),
          containerStatuses,
        },
      },
    },
    mergePatch,
  );
}

/**
 * Reports the pod Running with every container running and ready (undoes crashLoopPod; on a node
 * no KWOK controller manages, it is the status the kubelet would have reported before it died).
 */
export async function readyPod(kc: KubeConfig, namespace: string, name: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name, namespace });
  const now = new Date().toISOString();
  const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? "",
    imageID: "",
    ready: true,
    started: true,
    restartCount: pod.status?.containerStatuses?.find((s) => s.name === c.name)?.restartCount ?? 0,
    state: { running: { startedAt: now } },
  }));
  await core.patchNamespacedPodStatus(
    {
      name,
      namespace,
      body: {
        status: {
          phase: "Running",
          conditions: [
            ...(pod.status?.conditions ?? []).filter((c) => !READY_CONDITIONS.includes(c.type)),
            ...READY_CONDITIONS.map((type) => ({ type, status: "True", lastTransitionTime: now })),
          ],
          containerStatuses,
        },
      },
    },
    mergePatch,
  );
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
  const core = kc.makeApiClient(CoreV1Api);
  const pod = await core.readNamespacedPod({ name, namespace });
  const now = new Date().toISOString();
  const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? "",
    imageID: "",
    ready: false,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
  }));
  await core.patchNamespacedPodStatus(
    {
      name,
      namespace,
      body: {
        status: {
          phase: "Running",
          conditions: [
            ...(pod.status?.conditions ?? []).filter((c) => !READY_CONDITIONS.includes(c.type)),
            { type: "Initialized", status: "True", lastTransitionTime: startedAt },
            ...["ContainersReady", "Ready"].map((type) => ({
              type,
              status: "False",
              reason: "ContainersNotReady",
              lastTransitionTime: now,
            })),
          ],
          containerStatuses,
        },
      },
    },
    mergePatch,
  );
}
