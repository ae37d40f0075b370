/** The object an audit Event is about (an ObjectReference without uid). */
export interface EventTarget {
  apiVersion: string;
  kind: string;
  name: string;
  /** absent for cluster-scoped objects (PV, Namespace) */
  namespace?: string;
}

export interface EventPlacement {
  /** namespace the Event object is created in */
  namespace: string;
  regarding: EventTarget;
  related?: EventTarget;
}

/**
 * Where an audit Event about `target` is written and what it is `regarding`. A namespaced
 * object: its own namespace, about itself. A cluster-scoped one (the NFS PV, the stack's
 * Namespace): the API server accepts an Event regarding it only in `default` or `kube-system`
 * (legacyValidateEvent, pkg/apis/core/validation/events.go, Kubernetes 1.36), where the
 * ServiceAccount may not write. So it goes to the dashboard's own namespace, regarding the
 * dashboard's Deployment, with the cluster-scoped object as `related` (not constrained by the API
 * server): `kubectl get events -n arr-dashboard` lists teardowns and PV releases.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export function eventPlacement(target: EventTarget, ownNamespace: string): EventPlacement {
  if (target.namespace) return { namespace: target.namespace, regarding: target };
  return {
    namespace: ownNamespace,
    regarding: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "arr-dashboard",
      namespace: ownNamespace,
    },
    related: target,
  };
}
