// Cluster state for browser tests: the stack applied (as the deploy action will), pods of an app,
// and status changes a kubelet would report. Server-side, through client-node and $KUBECONFIG.
import { CoreV1Api } from "@kubernetes/client-node";
import { testKubeConfig } from "@/e2e/support/kube";
import { applyStack, deleteStack, waitStackReady } from "@/e2e/support/stack";
import { crashLoopPod } from "@/e2e/support/pod-status";
import { loadStack } from "@/lib/stack/load";

export const kc = testKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
export const stack = loadStack();

export { crashLoopPod };

/**
 * Name of a live (not terminating) pod of an app, found by the Deployment selector the loader
 * recorded (the rule of lib/stack/pods.ts), never by a label guess.
 */
export async function podOf(app: string): Promise<string> {
  const selector = stack.apps.find((a) => a.name === app)?.selector;
  if (!selector) throw new Error(`${app} is not an app of the stack`);
  const pods = (
    await core.listNamespacedPod({
      namespace: stack.namespace,
      labelSelector: Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    })
  ).items;
  const pod = pods.find((p) => !p.metadata?.deletionTimestamp);
  if (!pod?.metadata?.name) throw new Error(`no pod for ${app}`);
  return pod.metadata.name;
}

/** Deploys the stack from nothing and waits for it (each spec file starts from a known state). */
export async function freshStack(): Promise<void> {
  await deleteStack(kc, stack);
  await applyStack(kc, stack);
  await waitStackReady(kc, stack);
}
