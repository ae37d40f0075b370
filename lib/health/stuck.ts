import type { NodeView, PodView } from "@/lib/cluster/types";

/** A pod that is being deleted but cannot finish: its node does not answer. */
export interface StuckPod {
  pod: PodView;
  node: string;
  /** Why it cannot finish: the node is NotReady/Unknown, or gone. */
  why: string;
}

/**
 * Pods with a deletionTimestamp whose node is not Ready (or no longer exists). The kubelet on
 * that node is the one that confirms the containers stopped; until it does (or someone
 * force-deletes the pod) the pod stays Terminating for ever — and a Recreate Deployment waits
 * for every old pod before it creates the new one.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced
 * @see https://github.com/kubernetes/kubernetes/issues/112452
 * @see ../shared/reference/field-failures.md F8
 */
export function stuckTerminating(pods: readonly PodView[], nodes: readonly NodeView[]): StuckPod[] {
  const out: StuckPod[] = [];
  // No node list (not watched yet, or no permission): nothing can be said.
  if (nodes.length === 0) return out;
  for (const p of pods) {
    if (!p.deletionTimestamp || !p.nodeName) continue;
    const node = nodes.find((n) => n.name === p.nodeName);
    if (!node) out.push({ pod: p, node: p.nodeName, why: `node ${p.nodeName} no longer exists` });
    else if (!node.ready)
      out.push({ pod: p, node: p.nodeName, why: `node ${p.nodeName} is NotReady` });
  }
  return out;
}

/**
 * For a Multi-Attach failure on `failing`: the node where another pod (of any app) that uses one
 * of the same claims runs or is stuck — the node that still holds the ReadWriteOnce attachment.
 */
export function attachmentHolder(
  failing: PodView,
  allPods: readonly PodView[],
): { node: string; pod: string } | undefined {
  const other = allPods.find(
    (p) =>
      p.name !== failing.name &&
      p.nodeName &&
      p.nodeName !== failing.nodeName &&
      p.claimNames.some((c) => failing.claimNames.includes(c)),
  );
  return other?.nodeName ? { node: other.nodeName, pod: other.name } : undefined;
}
