// Test helper: a node whose "kubelet" is dead, on the local control plane. e2e/cluster/up.sh
// starts the KWOK controller with --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake,
// so a node without that annotation gets no heartbeat, no pod status and no finished deletions
// from anyone — like a real node whose kubelet stopped. A pod bound to it stays Terminating after
// a graceful delete until someone force-deletes it (kubernetes/kubernetes#112452, F8).
// @see https://kwok.sigs.k8s.io/docs/user/kwok-manage-nodes-and-pods/
import { CoreV1Api, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { mergePatch, waitFor } from "./kube";
import { readyPod } from "./pod-status";

/** The annotation KWOK's controller selects its nodes by (e2e/cluster/up.sh). */
const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sets the node's Ready condition (status subresource), as its kubelet last reported it. */
export async function setNodeReady(
  kc: KubeConfig,
  name: string,
  status: "True" | "False" | "Unknown",
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const now = new Date().toISOString();
  await core.patchNodeStatus(
    {
      name,
      body: {
        status: {
          conditions: [
            {
              type: "Ready",
              status,
              reason: status === "True" ? "KubeletReady" : "KubeletNotReady",
              message: status === "True" ? "kubelet is posting ready status" : "kubelet stopped",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      },
    },
    mergePatch,
  );
}

/**
 * Creates a node `name` that the KWOK controller does not manage, reported Ready (so the
 * scheduler may use it) until `setNodeReady(…, "False")`. Refuses to run when the cluster's KWOK
 * controller manages every node (a cluster started by an older up.sh: run it again).
 */
export async function createUnmanagedNode(kc: KubeConfig, name: string): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNode({
    body: {
      metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
    },
  });
  await core.patchNodeStatus(
    {
      name,
      body: {
        status: {
          capacity: { cpu: "8", memory: "32Gi", pods: "110" },
          allocatable: { cpu: "8", memory: "32Gi", pods: "110" },
        },
      },
    },
    mergePatch,
  );
  await setNodeReady(kc, name, "True");
  // The node lifecycle controller lifts the not-ready NoSchedule taint once it sees Ready.
  await waitFor(
    `node ${name} schedulable`,
    async () => {
      const n = await core.readNode({ name });
      return (n.spec?.taints ?? []).some((t) => t.key === "node.kubernetes.io/not-ready")
        ? undefined
        : true;
    },
    60_000,
  );
  // A KWOK controller managing every node would take it over and stamp its kubelet version.
  await sleep(2_000);
  const kubelet = (await core.readNode({ name })).status?.nodeInfo?.kubeletVersion;
  if (kubelet)
    throw new Error(
      `node ${name} was taken over by the KWOK controller (kubelet ${kubelet}): restart the cluster with the current e2e/cluster/up.sh`,
    );
}

/** Marks the KWOK-managed nodes unschedulable (true) or schedulable again (false). */
async function cordonManagedNodes(kc: KubeConfig, unschedulable: boolean): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const nodes = await core.listNode();
  for (const n of nodes.items)
    if (n.metadata?.annotations?.[KWOK_NODE_ANNOTATION] && n.metadata.name)
      await core.patchNode(
        { name: n.metadata.name, body: { spec: { unschedulable } } },
        mergePatch,
      );
}

/**
 * Moves an app's only pod to `node`: the KWOK nodes are cordoned, the current pods deleted, the
 * ReplicaSet's replacement is scheduled on `node` and reported Running and Ready there (as its
 * kubelet would have before it died); then the cordon is lifted. Returns the pod.
 */
export async function moveAppPodTo(
  kc: KubeConfig,
  namespace: string,
  labelSelector: string,
  node: string,
): Promise<V1Pod> {
  const core = kc.makeApiClient(CoreV1Api);
  await cordonManagedNodes(kc, true);
  try {
    const before = await core.listNamespacedPod({ namespace, labelSelector });
    for (const p of before.items)
      await core.deleteNamespacedPod({ name: p.metadata!.name!, namespace });
    const pod = await waitFor(
      `a pod of ${labelSelector} on ${node}`,
      async () => {
        const list = await core.listNamespacedPod({ namespace, labelSelector });
        return list.items.find((p) => p.spec?.nodeName === node && !p.metadata?.deletionTimestamp);
      },
      60_000,
    );
    await readyPod(kc, namespace, pod.metadata!.name!);
    return core.readNamespacedPod({ name: pod.metadata!.name!, namespace });
  } finally {
    await cordonManagedNodes(kc, false);
  }
}

/** Deletes the node (the pod GC then removes pods still bound to it). */
export async function deleteNode(kc: KubeConfig, name: string): Promise<void> {
  await kc
    .makeApiClient(CoreV1Api)
    .deleteNode({ name })
    .catch(() => undefined);
}
