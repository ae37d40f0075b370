// Test/bench helper: puts the stack's objects (k8s/media, loaded by lib/stack) into the local
// control plane with server-side apply, the way the deploy action does, waits for its pods, and
// removes it again. The one copy for integration tests, browser tests and benchmarks.
import {
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1Pod,
} from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { loadStack } from "@/lib/stack/load";
import type { ManifestObject, Stack } from "@/lib/stack/types";
import { statusOf, testKubeConfig, waitFor } from "./kube";

const FIELD_MANAGER = "arr-dashboard-tests";

const ignore404 = (err: unknown) => {
  if (statusOf(err) !== 404) throw err;
};

/** Server-side apply of one object (force: the tests own these fields). */
async function applyObject(api: KubernetesObjectApi, obj: KubernetesObject): Promise<void> {
  try {
    await api.patch(obj, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  } catch (err) {
    throw new Error(`apply ${obj.kind}/${obj.metadata?.name} failed`, { cause: err });
  }
}

/** Server-side applies `objects` in order (force: the tests own these fields). */
export async function applyObjects(
  objects: readonly ManifestObject[],
  kc = testKubeConfig(),
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const obj of objects) await applyObject(api, obj as KubernetesObject);
}

/**
 * Server-side applies every object of the stack in apply order, except those `skip` names (e.g.
 * the PV, to leave a claim Pending); returns the loaded stack.
 */
export async function applyStack(
  kc = testKubeConfig(),
  stack: Stack = loadStack(),
  skip: (o: ManifestObject) => boolean = () => false,
): Promise<Stack> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const obj of stack.objects) if (!skip(obj)) await applyObject(api, obj as KubernetesObject);
  return stack;
}

/**
 * The Gateway every HTTPRoute of the stack names (gateway/homelab-gateway), as the cluster
 * script defines it: re-applied from e2e/cluster/manifests/gateway.yaml after a test deleted it.
 */
export async function ensureGateway(kc = testKubeConfig()): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const file = fileURLToPath(new URL("../cluster/manifests/gateway.yaml", import.meta.url));
  for (const d of parseAllDocuments(readFileSync(file, "utf8"))) {
    const obj = d.toJS() as KubernetesObject | null;
    if (obj?.kind) await applyObject(api, obj);
  }
}

const isReady = (p: V1Pod) =>
  p.status?.phase === "Running" &&
  !p.metadata?.deletionTimestamp &&
  !!p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

/**
 * Waits until every app of the stack has a Running, Ready, non-terminating pod, finding an app's
 * pods by its Deployment selector as the loader recorded it (the rule of lib/stack/pods.ts).
 */
export async function waitStackReady(
  kc = testKubeConfig(),
  stack: Stack = loadStack(),
  timeoutMs = 120_000,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(
    "the stack's pods to be Ready",
    async () => {
      for (const app of stack.apps) {
        const labelSelector = Object.entries(app.selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(",");
        const pods = await core.listNamespacedPod({ namespace: stack.namespace, labelSelector });
        if (!pods.items.some(isReady)) return false;
      }
      return true;
    },
    timeoutMs,
  );
}

/**
 * Deletes the stack's namespace and its Retain PV (a Released one would not bind the next claim)
 * and waits until both are gone, so the next test starts from nothing.
 */
export async function deleteStack(
  kc = testKubeConfig(),
  stack: Stack = loadStack(),
  timeoutMs = 120_000,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const gone = (read: () => Promise<unknown>) => () =>
    read().then(
      () => false,
      (err: unknown) => {
        ignore404(err);
        return true;
      },
    );
  await core.deleteNamespace({ name: stack.namespace }).catch(ignore404);
  await waitFor(
    `namespace ${stack.namespace} to be gone`,
    gone(() => core.readNamespace({ name: stack.namespace })),
    timeoutMs,
  );
  const pv = stack.dataVolume.pvName;
  await core.deletePersistentVolume({ name: pv }).catch(ignore404);
  await waitFor(
    `PersistentVolume ${pv} to be gone`,
    gone(() => core.readPersistentVolume({ name: pv })),
    timeoutMs,
  );
}
