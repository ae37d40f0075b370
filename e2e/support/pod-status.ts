// Test helper: makes a (KWOK) pod look like a crash-looping container by patching its status
// subresource, the way a kubelet would report it. KWOK's default stages only make pods Running.
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from "@kubernetes/client-node";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

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
