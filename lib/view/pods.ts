import type { ClusterView, PodView } from "@/lib/k8s/live/types";

/** Pods of a Deployment: owned through a ReplicaSet it owns, or matching its selector. */
export function podsOf(app: string, cluster: ClusterView): PodView[] {
  const rsNames = new Set(
    cluster.replicaSets.filter((rs) => rs.ownerDeployment === app).map((rs) => rs.name),
  );
  const dep = cluster.deployments.find((d) => d.name === app);
  const selector = dep ? Object.entries(dep.selector) : [];
  return cluster.pods.filter(
    (p) =>
      (p.ownerReplicaSet !== undefined && rsNames.has(p.ownerReplicaSet)) ||
      (selector.length > 0 && selector.every(([k, v]) => p.labels[k] === v)),
  );
}
