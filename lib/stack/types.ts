/**
 * The typed view of the desired state under k8s/media. Everything the dashboard knows about
 * the stack (apps, ports, hosts, images, claims, budget) is derived from the manifests into
 * these shapes by `loadStack()`; nothing here is a second hand-kept list.
 */

/** A Kubernetes object as read from the manifests (plain YAML data). */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface ResourceList {
  /** millicores */
  cpuMillis: number;
  /** bytes */
  memoryBytes: number;
}

export interface StackApp {
  /** Deployment name, e.g. "radarr" (also the app.kubernetes.io/name label). */
  name: string;
  /** Human name from the app.kubernetes.io/… or gethomepage.dev/name annotation, e.g. "Radarr". */
  displayName: string;
  image: string;
  /** The image tag, e.g. "5.21.1". */
  version: string;
  port: number;
  /** HTTPRoute hostname, e.g. "radarr.k8s.rommelporras.com"; undefined if the app has no route. */
  host?: string;
  serviceName: string;
  configClaim: { name: string; storageClassName: string; sizeBytes: number; size: string };
  /** True when the pod mounts the shared data claim (at dataMountPath). */
  mountsData: boolean;
  requests: ResourceList;
  limits: ResourceList;
  /** Homepage widget type (gethomepage.dev/widget.type), when the app has a native widget. */
  homepageWidget?: string;
  icon?: string;
  /** Name of the app's HTTPRoute, when it has one. */
  routeName?: string;
  /** The Deployment's spec.selector.matchLabels: how to find the app's pods (lib/stack/pods.ts). */
  selector: Record<string, string>;
  /** The app's main container (the one named after the Deployment), e.g. for exec and logs. */
  containerName: string;
}

export interface DataVolume {
  pvName: string;
  pvcName: string;
  server: string;
  path: string;
  mountOptions: string[];
  capacity: string;
  reclaimPolicy: string;
  storageClassName: string;
  /** Where every app pod mounts the claim, "/data". */
  mountPath: string;
}

export interface Stack {
  namespace: string;
  apps: StackApp[];
  dataVolume: DataVolume;
  /** Every object, in apply order (Namespace → its RoleBinding → PV → PVCs → Deployments → Services → HTTPRoutes → policy). */
  objects: ManifestObject[];
  /** Where it was loaded from (a kustomization directory or a rendered file), for messages. */
  source?: string;
}
