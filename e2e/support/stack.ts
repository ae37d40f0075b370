// Test/bench helper: puts the stack's objects (k8s/media, loaded by lib/stack) into the local
// control plane with server-side apply, the way the deploy action will, and removes them again.
// Until the deploy action exists, browser tests, integration tests and benchmarks use this.
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { loadStack } from "@/lib/stack/load";
import type { Stack } from "@/lib/stack/types";

const FIELD_MANAGER = "arr-dashboard-tests";

export function testKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && "code" in err
    ? Number((err as { code: unknown }).code)
    : undefined;
}

/** Server-side applies every object of the stack in apply order; returns the loaded stack. */
export async function applyStack(
  kc = testKubeConfig(),
  stack: Stack = loadStack(),
): Promise<Stack> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  for (const obj of stack.objects) {
    try {
      await api.patch(
        obj as KubernetesObject,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    } catch (err) {
      throw new Error(`apply ${obj.kind}/${obj.metadata.name} failed`, { cause: err });
    }
  }
  return stack;
}

/** Deletes the stack's namespace and waits until it is gone; releases the Retain PV's claimRef. */
export async function deleteStack(
  kc = testKubeConfig(),
  stack: Stack = loadStack(),
  timeoutMs = 90_000,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.deleteNamespace({ name: stack.namespace }).catch((err: unknown) => {
    if (statusOf(err) !== 404) throw err;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await core.readNamespace({ name: stack.namespace });
    } catch (err) {
      if (statusOf(err) === 404) break;
      throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`namespace ${stack.namespace} still exists after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The shared PV is Retain: delete it too so the next apply starts from nothing.
  await core.deletePersistentVolume({ name: stack.dataVolume.pvName }).catch((err: unknown) => {
    if (statusOf(err) !== 404) throw err;
  });
}
