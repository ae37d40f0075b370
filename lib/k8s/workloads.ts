import "server-only";
import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from "@kubernetes/client-node";
import type { DeploymentView } from "@/lib/k8s/live/types";
import { reshapeDeployment } from "./live/map";
import { kubeConfig } from "./client";
import { isNotFound, k8sError } from "./errors";

export const FIELD_MANAGER = "arr-dashboard";

function apps(): AppsV1Api {
  return kubeConfig().makeApiClient(AppsV1Api);
}

export type K8sResult<T = object> =
  ({ ok: true } & T) | { ok: false; status: number; error: string };

function fail(e: unknown, what: string): { ok: false; status: number; error: string } {
  const info = k8sError(e);
  return { ok: false, status: info.status, error: `${what}: ${info.message}` };
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
): Promise<K8sResult<{ restartedAt: string }>> {
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
    return fail(e, `restart ${namespace}/${name}`);
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
): Promise<K8sResult<{ previous: number }>> {
  try {
    const api = apps();
    const before = await api.readNamespacedDeploymentScale({ name, namespace });
    await api.patchNamespacedDeploymentScale(
      { name, namespace, fieldManager: FIELD_MANAGER, body: { spec: { replicas } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    return { ok: true, previous: before.spec?.replicas ?? 0 };
  } catch (e) {
    return fail(e, `scale ${namespace}/${name}`);
  }
}

/** Rollout views of the Deployments in a namespace, by name. One LIST per call. */
export async function listRolloutViews(namespace: string): Promise<Map<string, DeploymentView>> {
  const list = await apps().listNamespacedDeployment({ namespace });
  return new Map(list.items.map((d) => [d.metadata?.name ?? "", reshapeDeployment(d)]));
}

export async function readRolloutView(
  namespace: string,
  name: string,
): Promise<DeploymentView | null> {
  try {
    return reshapeDeployment(await apps().readNamespacedDeployment({ name, namespace }));
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** Why a Deployment's pods are not Ready, in one line (for a rollout that times out). */
export async function notReadyReason(namespace: string, name: string): Promise<string | undefined> {
  try {
    const d = await apps().readNamespacedDeployment({ name, namespace });
    const selector = Object.entries(d.spec?.selector.matchLabels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    if (!selector) return undefined;
    const pods = await kubeConfig()
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace, labelSelector: selector });
    for (const p of pods.items) {
      const r = podReason(p);
      if (r) return `${p.metadata?.name}: ${r}`;
    }
    return pods.items.length === 0 ? "no pods created yet" : undefined;
  } catch (e) {
    return k8sError(e).message;
  }
}

function podReason(p: V1Pod): string | undefined {
  const sched = p.status?.conditions?.find(
    (c) => c.type === "PodScheduled" && c.status === "False",
  );
  if (sched) return `not scheduled: ${sched.message ?? sched.reason ?? "unknown"}`;
  for (const cs of p.status?.containerStatuses ?? []) {
    if (cs.state?.waiting)
      return `${cs.name} waiting: ${cs.state.waiting.reason ?? ""} ${cs.state.waiting.message ?? ""}`.trim();
    if (!cs.ready && cs.lastState?.terminated)
      return `${cs.name} last terminated: ${cs.lastState.terminated.reason ?? ""} (exit ${cs.lastState.terminated.exitCode})`;
  }
  const ready = p.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status !== "True")
    return `${p.status?.phase ?? "Unknown"}${ready?.message ? `: ${ready.message}` : ""}`;
  return undefined;
}
