// Creates the stack's objects from k8s/media with client-node server-side apply, the way the
// dashboard's deploy will (until that action exists), plus the homelab Gateway the routes attach
// to. Shared by integration tests and benchmarks.
import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1Pod,
} from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import type { ManifestObject, Stack } from "@/lib/stack/types";
import { core, kc, statusOf, waitFor } from "./kube";

const FIELD_MANAGER = "arr-dashboard-tests";
const objects = KubernetesObjectApi.makeApiClient(kc);

/** Server-side apply of one manifest object (force: the tests own these fields). */
async function applyObject(obj: ManifestObject | KubernetesObject): Promise<void> {
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

/**
 * The Gateway every HTTPRoute of the stack names (gateway/homelab-gateway), as the cluster
 * script defines it: re-applied from e2e/cluster/manifests/gateway.yaml after a test deleted it.
 */
export async function ensureGateway(): Promise<void> {
  const docs = parseAllDocuments(
    readFileSync(
      fileURLToPath(new URL("../../cluster/manifests/gateway.yaml", import.meta.url)),
      "utf8",
    ),
  );
  for (const d of docs) {
    const obj = d.toJS() as KubernetesObject | null;
    if (obj?.kind) await applyObject(obj);
  }
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
