// Creates the stack's objects from k8s/media with client-node server-side apply, the way the
// dashboard's deploy will (until that action exists), plus the homelab Gateway the routes attach
// to. Shared by integration tests and benchmarks.
import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1Pod,
} from "@kubernetes/client-node";
import { loadStack } from "@/lib/stack/load";
import type { ManifestObject, Stack } from "@/lib/stack/types";
import { core, kc, statusOf, waitFor } from "./kube";

export const FIELD_MANAGER = "arr-dashboard-tests";
const objects = KubernetesObjectApi.makeApiClient(kc);

export function testStack(): Stack {
  return loadStack();
}

/** Server-side apply of one manifest object (force: the tests own these fields). */
export async function applyObject(obj: ManifestObject | KubernetesObject): Promise<void> {
  await objects.patch(
    obj as KubernetesObject,
    undefined,
    undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

/** Applies the stack in its order; `skip` leaves out objects by kind/name (e.g. the PV). */
export async function applyStack(
  stack: Stack,
  skip: (o: ManifestObject) => boolean = () => false,
): Promise<void> {
  for (const o of stack.objects) if (!skip(o)) await applyObject(o);
}

/** The Gateway every HTTPRoute of the stack names (homelab-gateway in namespace gateway). */
export async function ensureGateway(): Promise<void> {
  await applyObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "gateway" } });
  await applyObject({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "homelab-gateway", namespace: "gateway" },
    spec: {
      gatewayClassName: "cilium",
      listeners: [
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: "*.k8s.rommelporras.com",
          allowedRoutes: { namespaces: { from: "All" } },
        },
      ],
    },
  } as KubernetesObject);
}

const isReady = (p: V1Pod) =>
  p.status?.phase === "Running" &&
  !p.metadata?.deletionTimestamp &&
  !!p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True");

/** Waits until every app of the stack has a Running, Ready pod. */
export async function waitStackReady(stack: Stack, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    "every app of the stack Ready",
    async () => {
      const pods = (await core.listNamespacedPod({ namespace: stack.namespace })).items;
      return stack.apps.every((a) =>
        pods.some((p) => p.metadata?.labels?.["app.kubernetes.io/name"] === a.name && isReady(p)),
      );
    },
    timeoutMs,
  );
}

/** A Ready pod of `app` (name and container). */
export async function readyPod(
  stack: Stack,
  app: string,
): Promise<{ pod: string; container: string }> {
  const pods = (
    await core.listNamespacedPod({
      namespace: stack.namespace,
      labelSelector: `app.kubernetes.io/name=${app}`,
    })
  ).items.filter(isReady);
  const p = pods[0];
  if (!p?.metadata?.name) throw new Error(`no Ready pod for ${app}`);
  return { pod: p.metadata.name, container: p.spec?.containers[0]?.name ?? app };
}

/**
 * Deletes the stack's namespace and PV and waits until both are gone, so a test starts from
 * nothing (the PV is Retain: a Released one would not bind the next claim).
 */
export async function removeStack(stack: Stack): Promise<void> {
  await core.deleteNamespace({ name: stack.namespace }).catch((e: unknown) => {
    if (statusOf(e) !== 404) throw e;
  });
  await waitFor(
    `namespace ${stack.namespace} gone`,
    async () =>
      core.readNamespace({ name: stack.namespace }).then(
        () => false,
        (e: unknown) => statusOf(e) === 404,
      ),
    120_000,
  );
  await core.deletePersistentVolume({ name: stack.dataVolume.pvName }).catch((e: unknown) => {
    if (statusOf(e) !== 404) throw e;
  });
  await waitFor(
    `PV ${stack.dataVolume.pvName} gone`,
    async () =>
      core.readPersistentVolume({ name: stack.dataVolume.pvName }).then(
        () => false,
        (e: unknown) => statusOf(e) === 404,
      ),
    60_000,
  );
}

/** Deploys the whole stack (Gateway included) and waits for it to be Ready. */
export async function deployStack(stack: Stack): Promise<void> {
  await ensureGateway();
  await applyStack(stack);
  await waitStackReady(stack);
}
