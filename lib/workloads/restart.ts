import type { DeploymentView, NodeView, PodView } from "@/lib/cluster/types";
import { stuckTerminating } from "@/lib/health/stuck";

/**
 * The confirmation text for restarting one app, from what the live model knows: a Recreate
 * Deployment goes to zero first; if one of its pods is already stuck Terminating on a NotReady
 * node, the new pod will not start at all until that pod is gone, so the restart would leave the
 * app at zero — the warning names the pod and node (F8). `warning` is set only in that case.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
 * @see ../shared/reference/field-failures.md F8
 */
export function restartPrompt(
  displayName: string,
  deployment: DeploymentView | undefined,
  pods: readonly PodView[],
  nodes: readonly NodeView[],
): { prompt: string; warning?: string } {
  const recreate = deployment?.strategy === "Recreate";
  const stuck = stuckTerminating(pods, nodes);
  const base = recreate
    ? `Restart ${displayName}? Recreate strategy: the old pod is stopped before the new one starts, so the app is down for a moment.`
    : `Restart ${displayName}? A new pod is started before the old one is stopped.`;
  if (stuck.length === 0) return { prompt: base };
  const s = stuck[0]!;
  const warning = recreate
    ? `Pod ${s.pod.name} is stuck Terminating (${s.why}). With Recreate the new pod waits for every old pod: the restart would take ${displayName} to zero and keep it there until that pod is gone (bring the node back or force-delete the pod first).`
    : `Pod ${s.pod.name} is stuck Terminating (${s.why}); a ReadWriteOnce volume it holds can keep the new pod from starting (Multi-Attach).`;
  return { prompt: base, warning };
}
