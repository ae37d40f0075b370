/**
 * Builders for health-rule fixtures: a healthy object by default, overridden per test. Shared
 * by the *.test.ts files of lib/health and lib/view (not used by production code).
 */
import type {
  ContainerView,
  DeploymentView,
  EventView,
  NamespaceView,
  NodeView,
  PodView,
  PvcView,
  PvView,
} from "@/lib/cluster/types";
import type { ManifestObject } from "@/lib/stack/types";

export function container(over: Partial<ContainerView> = {}): ContainerView {
  return {
    name: "app",
    image: "lscr.io/linuxserver/sonarr:4.0.14",
    ready: true,
    started: true,
    restartCount: 0,
    state: { kind: "running", startedAt: "2026-11-25T10:00:00.000Z" },
    requests: { cpu: "100m", memory: "256Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
    init: false,
    ...over,
  };
}

export function pod(over: Partial<PodView> = {}): PodView {
  return {
    name: "sonarr-7d9c-abcde",
    namespace: "media",
    uid: "pod-uid-1",
    createdAt: "2026-11-25T10:00:00.000Z",
    phase: "Running",
    nodeName: "kwok-node-0",
    labels: { "app.kubernetes.io/name": "sonarr" },
    ownerReplicaSet: "sonarr-7d9c",
    ready: true,
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Initialized", status: "True" },
      { type: "ContainersReady", status: "True" },
      { type: "Ready", status: "True" },
    ],
    containers: [container()],
    claimNames: ["sonarr-config", "arr-data"],
    ...over,
  };
}

/** A pod whose only container is in the given state and not ready. */
export function notReadyPod(c: Partial<ContainerView>, over: Partial<PodView> = {}): PodView {
  return pod({
    ready: false,
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: "False", reason: "ContainersNotReady" },
    ],
    containers: [container({ ready: false, ...c })],
    ...over,
  });
}

export function deployment(over: Partial<DeploymentView> = {}): DeploymentView {
  return {
    name: "sonarr",
    namespace: "media",
    uid: "dep-uid-1",
    generation: 2,
    observedGeneration: 2,
    specReplicas: 1,
    replicas: 1,
    updatedReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    unavailableReplicas: 0,
    progressDeadlineSeconds: 600,
    paused: false,
    strategy: "Recreate",
    selector: { "app.kubernetes.io/name": "sonarr" },
    labels: {},
    containers: [
      { name: "app", image: "lscr.io/linuxserver/sonarr:4.0.14", requests: {}, limits: {} },
    ],
    conditions: [
      { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
      { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
    ],
    ...over,
  };
}

export function pvc(over: Partial<PvcView> = {}): PvcView {
  return {
    name: "sonarr-config",
    namespace: "media",
    uid: "pvc-uid-1",
    phase: "Bound",
    volumeName: "pvc-1234",
    storageClassName: "longhorn",
    accessModes: ["ReadWriteOnce"],
    requested: "2Gi",
    capacity: "2Gi",
    labels: {},
    conditions: [],
    ...over,
  };
}

export function pv(over: Partial<PvView> = {}): PvView {
  return {
    name: "arr-data-nfs",
    uid: "pv-uid-1",
    phase: "Bound",
    claimRef: { namespace: "media", name: "arr-data", uid: "pvc-uid-data" },
    reclaimPolicy: "Retain",
    storageClassName: "nfs",
    accessModes: ["ReadWriteMany"],
    capacity: "2Ti",
    mountOptions: ["hard", "nfsvers=4.1"],
    nfs: { server: "10.10.30.4", path: "/Kubernetes/Media", readOnly: false },
    labels: { app: "arr" },
    ...over,
  };
}

export function event(over: Partial<EventView> = {}): EventView {
  return {
    uid: `ev-${Math.abs(hash(JSON.stringify(over)))}`,
    namespace: "media",
    involved: { kind: "Pod", name: "sonarr-7d9c-abcde" },
    type: "Normal",
    reason: "Scheduled",
    message: "Successfully assigned media/sonarr-7d9c-abcde to kwok-node-0",
    count: 1,
    lastAt: "2026-11-25T10:00:00.000Z",
    ...over,
  };
}

export function namespace(over: Partial<NamespaceView> = {}): NamespaceView {
  return {
    name: "media",
    uid: "ns-uid",
    phase: "Active",
    labels: { "pod-security.kubernetes.io/enforce": "baseline" },
    ...over,
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

export function node(name: string, ready = true, over: Partial<NodeView> = {}): NodeView {
  return {
    name,
    ready,
    unschedulable: false,
    allocatable: {},
    capacity: {},
    pressures: [],
    ...over,
  };
}

/**
 * F9's input: a Deployment manifest running LinuxServer's sonarr image in container "app" with
 * the given capabilities (and optionally a readiness probe).
 */
export function linuxServerDeployment(
  capabilities: object,
  readinessProbe?: object,
): ManifestObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "sonarr", namespace: "media" },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: "app",
              image: "lscr.io/linuxserver/sonarr:1.0.0",
              securityContext: { capabilities },
              ...(readinessProbe ? { readinessProbe } : {}),
            },
          ],
        },
      },
    },
  };
}
