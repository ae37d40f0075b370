// Simulated homelab infrastructure for the local control plane (run by up.sh with Node 24):
//  1. a Longhorn stand-in: provisions a PV for each Pending claim whose StorageClass names
//     driver.longhorn.io, and deletes Released PVs it provisioned (reclaim policy Delete);
//  2. a Gateway controller stand-in for the homelab's Cilium: marks Gateways of the classes it
//     serves (SERVED_CONTROLLERS) Programmed and HTTPRoutes Accepted when their parent Gateway
//     exists, with ResolvedRefs telling whether the backend Services exist. Like a real
//     controller it writes only the status.parents entries carrying its own controllerName and
//     keeps other controllers' entries; parentRefs to Gateways of other classes get no entry
//     from it (so "nobody reported" and stale foreign entries can be set up in tests).
//  3. the operator's seed step 4.25.9.5: the Secret media/arr-api-keys with the local apps' keys
//     ($ARR_APP_KEYS), created as soon as `media` exists and again whenever it is deleted, unless
//     the stand-ins' control API put a hold on it (tests of "Secret missing").
// Everything else (binding, scheduling, PodSecurity, RBAC) is the real Kubernetes control plane.
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  StorageV1Api,
  makeInformer,
} from "@kubernetes/client-node";
import { existsSync, readFileSync, watchFile } from "node:fs";
import { dirname, join } from "node:path";
import { SECRET_KEYS, type AppKeys } from "../apps/contract";
import type {
  KubernetesObject,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
} from "@kubernetes/client-node";

const LONGHORN = "driver.longhorn.io";
const GATEWAY_CONTROLLER = "arr-dashboard.local/sim-gateway";
/** GatewayClass controllerNames this stand-in acts for (the homelab's class is Cilium's). */
const SERVED_CONTROLLERS = new Set([GATEWAY_CONTROLLER, "io.cilium/gateway-controller"]);
const kc = new KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(CoreV1Api);
const storage = kc.makeApiClient(StorageV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);

async function provisionerOf(className: string | undefined): Promise<string | undefined> {
  if (!className) return undefined;
  try {
    return (await storage.readStorageClass({ name: className })).provisioner;
  } catch {
    return undefined;
  }
}

async function reconcileClaim(pvc: V1PersistentVolumeClaim): Promise<void> {
  if (pvc.status?.phase !== "Pending" || pvc.spec?.volumeName || pvc.metadata?.deletionTimestamp)
    return;
  if ((await provisionerOf(pvc.spec?.storageClassName)) !== LONGHORN) return;
  const uid = pvc.metadata!.uid!;
  const size = pvc.spec?.resources?.requests?.storage ?? "1Gi";
  const name = `pvc-${uid}`;
  try {
    await core.createPersistentVolume({
      body: {
        metadata: { name, annotations: { "pv.kubernetes.io/provisioned-by": LONGHORN } },
        spec: {
          capacity: { storage: size },
          accessModes: pvc.spec?.accessModes ?? ["ReadWriteOnce"],
          storageClassName: pvc.spec?.storageClassName,
          persistentVolumeReclaimPolicy: "Delete",
          volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
          claimRef: {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            namespace: pvc.metadata!.namespace,
            name: pvc.metadata!.name,
            uid,
          },
          csi: { driver: LONGHORN, volumeHandle: name, fsType: "ext4" },
        },
      },
    });
    log(`provisioned ${name} (${size}) for ${pvc.metadata!.namespace}/${pvc.metadata!.name}`);
  } catch (err) {
    if ((err as { code?: number }).code !== 409) log(`provision ${name} failed: ${String(err)}`);
  }
}

async function reconcileVolume(pv: V1PersistentVolume): Promise<void> {
  const ours = pv.metadata?.annotations?.["pv.kubernetes.io/provisioned-by"] === LONGHORN;
  if (
    !ours ||
    pv.status?.phase !== "Released" ||
    pv.spec?.persistentVolumeReclaimPolicy !== "Delete"
  )
    return;
  try {
    await core.deletePersistentVolume({ name: pv.metadata!.name! });
    log(`deleted released ${pv.metadata!.name}`);
  } catch (err) {
    if ((err as { code?: number }).code !== 404)
      log(`delete ${pv.metadata!.name} failed: ${String(err)}`);
  }
}

type Condition = {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
};
type ParentRef = {
  name: string;
  namespace?: string;
  sectionName?: string;
  group?: string;
  kind?: string;
};
interface Route extends KubernetesObject {
  spec?: {
    parentRefs?: ParentRef[];
    rules?: { backendRefs?: { name: string; namespace?: string; port?: number }[] }[];
  };
  status?: { parents?: unknown[] };
}

const GROUP = "gateway.networking.k8s.io";
const VERSION = "v1";

function condition(
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  generation?: number,
): Condition {
  return {
    type,
    status: ok ? "True" : "False",
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: new Date().toISOString(),
  };
}

async function exists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}

type GatewayObject = KubernetesObject & { spec?: { gatewayClassName?: string } };

/** True when the GatewayClass exists and names a controller this stand-in acts for. */
async function servedClass(className: string | undefined): Promise<boolean> {
  if (!className) return false;
  try {
    const gc = (await custom.getClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: "gatewayclasses",
      name: className,
    })) as { spec?: { controllerName?: string } };
    return SERVED_CONTROLLERS.has(gc.spec?.controllerName ?? "");
  } catch {
    return false;
  }
}

async function reconcileGateway(
  gw: KubernetesObject & { status?: { conditions?: Condition[] } },
): Promise<void> {
  const { name, namespace, generation } = gw.metadata!;
  if (!(await servedClass((gw as GatewayObject).spec?.gatewayClassName))) return;
  if (
    gw.status?.conditions?.some(
      (c) => c.type === "Programmed" && c.status === "True" && c.observedGeneration === generation,
    )
  )
    return;
  const body = {
    ...gw,
    status: {
      conditions: [
        condition(
          "Accepted",
          true,
          "Accepted",
          "accepted by the simulated gateway controller",
          generation,
        ),
        condition("Programmed", true, "Programmed", "simulated", generation),
      ],
      addresses: [{ type: "IPAddress", value: "127.0.0.1" }],
    },
  };
  try {
    await custom.replaceNamespacedCustomObjectStatus({
      group: GROUP,
      version: VERSION,
      namespace: namespace!,
      plural: "gateways",
      name: name!,
      body,
    });
  } catch (err) {
    log(`gateway status ${namespace}/${name}: ${String(err)}`);
  }
}

async function reconcileRoute(route: Route): Promise<void> {
  const { name, namespace, generation } = route.metadata!;
  const parents = [];
  for (const ref of route.spec?.parentRefs ?? []) {
    const ns = ref.namespace ?? namespace!;
    let gateway: GatewayObject | undefined;
    try {
      gateway = (await custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: ns,
        plural: "gateways",
        name: ref.name,
      })) as GatewayObject;
    } catch {
      gateway = undefined;
    }
    // A Gateway of a class another controller runs is not ours to report on.
    if (gateway && !(await servedClass(gateway.spec?.gatewayClassName))) continue;
    const found = gateway !== undefined;
    const missing: string[] = [];
    for (const rule of route.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        const bns = b.namespace ?? namespace!;
        if (!(await exists(() => core.readNamespacedService({ name: b.name, namespace: bns }))))
          missing.push(`${bns}/${b.name}`);
      }
    }
    parents.push({
      parentRef: ref,
      controllerName: GATEWAY_CONTROLLER,
      conditions: [
        found
          ? condition("Accepted", true, "Accepted", "route accepted", generation)
          : condition(
              "Accepted",
              false,
              "NoMatchingParent",
              `Gateway ${ns}/${ref.name} does not exist`,
              generation,
            ),
        missing.length === 0
          ? condition(
              "ResolvedRefs",
              true,
              "ResolvedRefs",
              "all backend references resolved",
              generation,
            )
          : condition(
              "ResolvedRefs",
              false,
              "BackendNotFound",
              `Service ${missing.join(", ")} not found`,
              generation,
            ),
      ],
    });
  }
  // Keep every entry another controller wrote; replace only ours (dropping ours for parents no
  // longer referenced), as the Gateway API asks of each controller.
  const others = (route.status?.parents ?? []).filter(
    (p) => (p as { controllerName?: string }).controllerName !== GATEWAY_CONTROLLER,
  );
  const merged = [...others, ...parents];
  const before = JSON.stringify((route.status?.parents ?? []).map((p) => stripTimes(p)));
  const after = JSON.stringify(merged.map((p) => stripTimes(p)));
  if (before === after) return;
  try {
    await custom.replaceNamespacedCustomObjectStatus({
      group: GROUP,
      version: VERSION,
      namespace: namespace!,
      plural: "httproutes",
      name: name!,
      body: { ...route, status: { parents: merged } },
    });
  } catch (err) {
    if ((err as { code?: number }).code !== 409)
      log(`route status ${namespace}/${name}: ${String(err)}`);
  }
}

function stripTimes(p: unknown): unknown {
  // Keys sorted: the API server returns status with sorted keys, ours are in insertion order, and
  // comparing the two JSON texts unsorted rewrote every route's status forever (a write loop).
  return JSON.parse(
    JSON.stringify(p, (k, v) =>
      k === "lastTransitionTime"
        ? undefined
        : v && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
            )
          : v,
    ),
  );
}

/** Runs an informer for ever: restarts it with jittered backoff after any error. */
function run<T extends KubernetesObject>(
  label: string,
  path: string,
  list: () => Promise<{ items: T[] }>,
  handle: (o: T) => Promise<void>,
): ReturnType<typeof makeInformer<T>> {
  const informer = makeInformer<T>(kc, path, list as never);
  const go = (o: T) => void handle(o).catch((e: unknown) => log(`${label}: ${String(e)}`));
  informer.on("add", go);
  informer.on("update", go);
  informer.on("error", (err: unknown) => {
    log(`${label} watch error: ${String(err)}; restarting`);
    setTimeout(() => void informer.start().catch(() => undefined), 1000 + Math.random() * 1000);
  });
  void informer.start().catch((err: unknown) => log(`${label} start: ${String(err)}`));
  return informer;
}

run<V1PersistentVolumeClaim>(
  "pvc",
  "/api/v1/persistentvolumeclaims",
  () => core.listPersistentVolumeClaimForAllNamespaces(),
  reconcileClaim,
);
run<V1PersistentVolume>(
  "pv",
  "/api/v1/persistentvolumes",
  () => core.listPersistentVolume(),
  reconcileVolume,
);
const gateways = run(
  "gateway",
  `/apis/${GROUP}/${VERSION}/gateways`,
  () =>
    custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: "gateways" }) as never,
  reconcileGateway,
);
const routes = run<Route>(
  "httproute",
  `/apis/${GROUP}/${VERSION}/httproutes`,
  () =>
    custom.listClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: "httproutes",
    }) as never,
  reconcileRoute,
);
// Route status depends on Gateways and Services: re-check every route on any Gateway or Service change.
const recheckRoutes = () => routes.list().forEach((r) => void reconcileRoute(r));
gateways.on("add", recheckRoutes);
gateways.on("delete", recheckRoutes);
run(
  "service",
  "/api/v1/services",
  () => core.listServiceForAllNamespaces(),
  async () => recheckRoutes(),
);
// 3. The Secret arr-api-keys (keys of e2e/apps/contract.ts SECRET_KEYS).
const APP_KEYS = process.env.ARR_APP_KEYS;
const SECRET = { namespace: "media", name: "arr-api-keys" };
async function reconcileSecret(): Promise<void> {
  if (!APP_KEYS || !existsSync(APP_KEYS)) return;
  if (existsSync(join(dirname(APP_KEYS), "app-keys.unmanaged"))) return;
  try {
    const ns = await core.readNamespace({ name: SECRET.namespace });
    if (ns.status?.phase === "Terminating") return;
  } catch {
    return; // no namespace yet: the namespace watch calls again
  }
  if (await exists(() => core.readNamespacedSecret(SECRET))) return;
  const keys = JSON.parse(readFileSync(APP_KEYS, "utf8")) as AppKeys;
  try {
    await core.createNamespacedSecret({
      namespace: SECRET.namespace,
      body: {
        metadata: {
          name: SECRET.name,
          labels: {
            "app.kubernetes.io/part-of": "arr-stack",
            "app.kubernetes.io/managed-by": "sim-infra",
          },
        },
        type: "Opaque",
        stringData: Object.fromEntries(SECRET_KEYS.map((k) => [k, keys[k]])),
      },
    });
    log(`created Secret ${SECRET.namespace}/${SECRET.name}`);
  } catch (err) {
    if ((err as { code?: number }).code !== 409)
      log(`create Secret ${SECRET.name}: ${String(err)}`);
  }
}
const secretCheck = () => void reconcileSecret().catch((e: unknown) => log(`secret: ${String(e)}`));
if (APP_KEYS) {
  const namespaces = run(
    "namespace",
    "/api/v1/namespaces",
    () => core.listNamespace(),
    async (o) => {
      if (o.metadata?.name === SECRET.namespace) secretCheck();
    },
  );
  void namespaces;
  const secrets = run(
    "secret",
    `/api/v1/namespaces/${SECRET.namespace}/secrets`,
    () => core.listNamespacedSecret({ namespace: SECRET.namespace }),
    async () => undefined,
  );
  secrets.on("delete", (o) => {
    if (o.metadata?.name === SECRET.name) setTimeout(secretCheck, 200);
  });
  // The hold flag is a local file: poll it locally (no API server traffic).
  watchFile(join(dirname(APP_KEYS), "app-keys.unmanaged"), { interval: 1000 }, secretCheck);
}
log("sim-infra started");
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
