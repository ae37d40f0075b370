/**
 * Small typed views of the live cluster objects the dashboard watches. These are what leaves
 * lib/k8s/: raw `V1*` objects never do. Every field is plain JSON (strings, numbers, booleans),
 * so a view can go to the browser as is. Timestamps are ISO-8601 strings.
 *
 * This file has no imports on purpose: pure modules (lib/health, lib/view) and client
 * components import these types without pulling in @kubernetes/client-node.
 */

/** A status condition as Kubernetes reports it (Pod, Deployment, PVC, Node, HTTPRoute parent…). */
export interface ConditionView {
  type: string;
  /** "True" | "False" | "Unknown" */
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  /** `metadata.generation` the writer had seen when it set the condition (Gateway API, Deployment). */
  observedGeneration?: number;
}

/**
 * A Gateway API ParentReference as written (defaults not applied: group
 * gateway.networking.k8s.io, kind Gateway, namespace the route's).
 */
export interface ParentRefView {
  name: string;
  namespace?: string;
  group?: string;
  kind?: string;
  sectionName?: string;
  port?: number;
}

/** Requests or limits as written in the object (unparsed Kubernetes quantities, e.g. "250m"). */
export interface QuantityMap {
  cpu?: string;
  memory?: string;
}

export type ContainerStateView =
  | { kind: "waiting"; reason?: string; message?: string }
  | { kind: "running"; startedAt?: string }
  | { kind: "terminated"; reason?: string; exitCode: number; message?: string; finishedAt?: string }
  | { kind: "unknown" };

export interface TerminationView {
  reason?: string;
  exitCode: number;
  message?: string;
  finishedAt?: string;
}

export interface ContainerView {
  name: string;
  image: string;
  /** From status; false until the container status reports ready. */
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: ContainerStateView;
  /** `lastState.terminated`: why the previous instance ended (OOMKilled, Error, exit code…). */
  lastTermination?: TerminationView;
  requests: QuantityMap;
  limits: QuantityMap;
  /** An init container (sidecar or not). */
  init: boolean;
}

/** One container of one pod: what exec and logs address. */
export interface PodTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface PodView {
  name: string;
  namespace: string;
  uid: string;
  createdAt?: string;
  /** Set while the pod is terminating. */
  deletionTimestamp?: string;
  phase: string;
  /** Pod-level reason, e.g. "Evicted". */
  reason?: string;
  message?: string;
  nodeName?: string;
  podIP?: string;
  labels: Record<string, string>;
  /** Name of the owning ReplicaSet, when owned by one. */
  ownerReplicaSet?: string;
  /** The pod's Ready condition (readiness, not phase, decides health). */
  ready: boolean;
  conditions: ConditionView[];
  containers: ContainerView[];
  /** Claim names from `spec.volumes[].persistentVolumeClaim`. */
  claimNames: string[];
}

export interface DeploymentView {
  name: string;
  namespace: string;
  uid: string;
  createdAt?: string;
  generation: number;
  observedGeneration: number;
  /** `spec.replicas` (Kubernetes defaults it to 1). */
  specReplicas: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  /** `spec.progressDeadlineSeconds` (defaults to 600). */
  progressDeadlineSeconds: number;
  paused: boolean;
  strategy?: string;
  selector: Record<string, string>;
  labels: Record<string, string>;
  /** `kubectl.kubernetes.io/restartedAt` on the pod template, when a restart was requested. */
  restartedAt?: string;
  containers: { name: string; image: string; requests: QuantityMap; limits: QuantityMap }[];
  conditions: ConditionView[];
  /**
   * managedFields entries of managers other than the dashboard and Kubernetes' controllers, and
   * the live object pruned to the fields they own (plain JSON): what lib/deploy/drift.ts needs
   * to tell fields set outside the manifests. Absent when there are none.
   */
  foreignFields?: {
    entries: ManagedFieldsEntry[];
    live: unknown;
  };
}

export interface ReplicaSetView {
  name: string;
  namespace: string;
  uid: string;
  createdAt?: string;
  ownerDeployment?: string;
  /** `deployment.kubernetes.io/revision` */
  revision?: number;
  podTemplateHash?: string;
  specReplicas: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface PvcView {
  name: string;
  namespace: string;
  uid: string;
  createdAt?: string;
  deletionTimestamp?: string;
  /** "Pending" | "Bound" | "Lost" */
  phase: string;
  volumeName?: string;
  storageClassName?: string;
  accessModes: string[];
  /** `spec.resources.requests.storage` */
  requested?: string;
  /** `status.capacity.storage` once bound */
  capacity?: string;
  /** `volume.kubernetes.io/selected-node`: set when a WaitForFirstConsumer claim found its consumer. */
  selectedNode?: string;
  labels: Record<string, string>;
  conditions: ConditionView[];
}

export interface PvView {
  name: string;
  uid: string;
  createdAt?: string;
  deletionTimestamp?: string;
  /** "Pending" | "Available" | "Bound" | "Released" | "Failed" */
  phase: string;
  reason?: string;
  message?: string;
  claimRef?: { namespace?: string; name?: string; uid?: string };
  reclaimPolicy?: string;
  storageClassName?: string;
  accessModes: string[];
  capacity?: string;
  mountOptions: string[];
  nfs?: { server: string; path: string; readOnly: boolean };
  hostPath?: string;
  csiDriver?: string;
  labels: Record<string, string>;
}

export interface ServiceView {
  name: string;
  namespace: string;
  type: string;
  clusterIP?: string;
  ports: { name?: string; port: number; targetPort?: string; protocol: string }[];
  selector: Record<string, string>;
}

export interface EventView {
  uid: string;
  namespace: string;
  involved: { kind: string; name: string; uid?: string };
  /** "Normal" | "Warning" */
  type: string;
  reason: string;
  message: string;
  count: number;
  firstAt?: string;
  lastAt?: string;
  source?: string;
}

export interface HttpRouteView {
  name: string;
  namespace: string;
  /** `metadata.generation`: conditions observed at an older generation are not current. */
  generation?: number;
  /**
   * When the spec last changed as far as the API server records it: the newest managedFields
   * entry that is not the status subresource, else creationTimestamp.
   */
  specChangedAt?: string;
  hostnames: string[];
  parentRefs: ParentRefView[];
  backendRefs: { name: string; port?: number }[];
  /**
   * `status.parents[]`: one entry per (parent, controller) that considered the route. Entries may
   * name parents no longer in `parentRefs` (a controller that has not cleaned up) and carry
   * conditions from an older generation: read them with lib/health/route.ts.
   */
  parents: {
    parentName: string;
    parentNamespace?: string;
    /** The full parentRef echoed by the controller. */
    parentRef: ParentRefView;
    controllerName?: string;
    conditions: ConditionView[];
  }[];
}

export interface NodeView {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  /** Unparsed quantities: parse with lib/budget. */
  allocatable: { cpu?: string; memory?: string; pods?: string };
  capacity: { cpu?: string; memory?: string; pods?: string };
  kubeletVersion?: string;
  /** Node conditions other than Ready that are True (MemoryPressure, DiskPressure…). */
  pressures: string[];
}

export interface NamespaceView {
  name: string;
  uid: string;
  createdAt?: string;
  /** "Active" | "Terminating" */
  phase: string;
  /** While Terminating: what the namespace controller says is still being removed. */
  remaining?: string;
  labels: Record<string, string>;
}

/** Live usage from metrics.k8s.io, per container (unparsed quantities: sum with lib/budget). */
export interface PodMetricsView {
  name: string;
  namespace: string;
  timestamp?: string;
  containers: { name: string; cpu: string; memory: string }[];
}

/** Every kind the live model watches. */
export type WatchedKind =
  | "namespace"
  | "deployments"
  | "replicasets"
  | "pods"
  | "pvcs"
  | "services"
  | "events"
  | "httproutes"
  | "pvs"
  | "nodes";

/**
 * The state of one watch. `unavailable` means the API server does not serve the kind (for
 * HTTPRoute: the Gateway API CRD is not installed) — the rest of the model carries on.
 */
export interface WatchState {
  /** `stale`: no event or bookmark within the liveness deadline; the watch is relisting. */
  state: "starting" | "synced" | "stale" | "error" | "unavailable";
  error?: string;
  /** When the watch last completed a list or delivered an event. */
  syncedAt?: string;
}

export interface LiveStatus {
  /** The API server answered the last probe and no watch is failing to connect. */
  connected: boolean;
  /** Last moment the model was known to match the API server (list, event or successful probe). */
  lastSyncAt: string | null;
  /** Why the model is not connected (first failing probe or watch), null when connected. */
  error: string | null;
  /** Since when `connected` has had its current value. */
  since: string;
  /**
   * Set while a watch has gone silent past its liveness deadline (a half-open connection can
   * look connected): which data may be stale and since when. Absent when every watch is live.
   */
  stale?: { kinds: WatchedKind[]; since: string; message: string };
}

export interface MetricsState {
  /** metrics.k8s.io is served by the API server. */
  available: boolean;
  checkedAt?: string;
  pods: PodMetricsView[];
  error?: string;
}

/**
 * One immutable snapshot of everything the dashboard watches. `version` grows by one on every
 * change, so a client can tell whether it has the newest data.
 */
export interface ClusterView {
  version: number;
  /** When this snapshot was built. */
  builtAt: string;
  status: LiveStatus;
  /** The namespace the stack lives in, as watched (see `namespaceName`). */
  namespaceName: string;
  namespace: NamespaceView | null;
  deployments: DeploymentView[];
  replicaSets: ReplicaSetView[];
  pods: PodView[];
  pvcs: PvcView[];
  services: ServiceView[];
  events: EventView[];
  httpRoutes: HttpRouteView[];
  pvs: PvView[];
  nodes: NodeView[];
  watches: Record<WatchedKind, WatchState>;
  metrics: MetricsState;
}

/** One `metadata.managedFields` entry, as plain JSON (server-side apply's field ownership). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion?: string;
  time?: string;
  subresource?: string;
  fieldsType?: string;
  /** A FieldsV1 set (JSON), unchecked: read defensively. */
  fieldsV1?: unknown;
}
