import "server-only";
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import type { Result } from "@/lib/result";
import { k8sFailure } from "./errors";

export const FIELD_MANAGER = "arr-dashboard";

function core(): CoreV1Api {
  return kubeConfig().makeApiClient(CoreV1Api);
}

/**
 * Force-deletes a pod, as `kubectl delete pod --grace-period=0 --force` does: the API object goes
 * without waiting for the kubelet to confirm the containers stopped (they may still run on an
 * unreachable node). The uid precondition makes sure it is the pod the user confirmed. Finalizers
 * are not removed: the pod stays until whoever set them removes them; `finalizers` says which.
 * @see https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/
 */
export async function forceDeletePod(
  namespace: string,
  name: string,
  uid: string,
): Promise<Result<{ finalizers: string[] }>> {
  try {
    const pod = await core().deleteNamespacedPod({
      name,
      namespace,
      gracePeriodSeconds: 0,
      body: { gracePeriodSeconds: 0, preconditions: { uid } },
    });
    return { ok: true, finalizers: pod.metadata?.finalizers ?? [] };
  } catch (e) {
    return k8sFailure(e, `force-delete pod ${namespace}/${name}`);
  }
}

function apps(): AppsV1Api {
  return kubeConfig().makeApiClient(AppsV1Api);
}

/**
 * Rollout restart, as `kubectl rollout restart` does it: a new pod-template annotation makes the
 * controller roll out a new ReplicaSet. A non-apply patch, so a later apply does not undo it.
 * @see https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/objectrestarter.go
 */
export async function restartDeployment(
  namespace: string,
  name: string,
  at: Date = new Date(),
): Promise<Result<{ restartedAt: string }>> {
  const restartedAt = at.toISOString();
  try {
    await apps().patchNamespacedDeployment(
      {
        name,
        namespace,
        fieldManager: FIELD_MANAGER,
        body: {
          spec: {
            template: {
              metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": restartedAt } },
            },
          },
        },
      },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    return { ok: true, restartedAt };
  } catch (e) {
    return k8sFailure(e, `restart ${namespace}/${name}`);
  }
}

/**
 * Sets replicas through the deployments/scale subresource (0 = stop, 1 = start). Config PVCs are
 * ReadWriteOnce and the strategy is Recreate, so callers only ever pass 0 or 1.
 */
export async function scaleDeployment(
  namespace: string,
  name: string,
  replicas: 0 | 1,
): Promise<Result<{ previous: number }>> {
  try {
    const api = apps();
    const before = await api.readNamespacedDeploymentScale({ name, namespace });
    await api.patchNamespacedDeploymentScale(
      { name, namespace, fieldManager: FIELD_MANAGER, body: { spec: { replicas } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    return { ok: true, previous: before.spec?.replicas ?? 0 };
  } catch (e) {
    return k8sFailure(e, `scale ${namespace}/${name}`);
  }
}
