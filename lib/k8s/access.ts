import "server-only";
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  KubernetesObjectApi,
  type KubernetesObject,
  type V1ResourceAttributes,
} from "@kubernetes/client-node";
import type { ManifestObject } from "@/lib/stack/types";
import { kubeConfig } from "./client";
import { k8sError } from "./errors";
import { isClusterScoped } from "./apply";

type Capability = "deploy" | "restart" | "scale" | "teardown" | "releasePv";

interface Permission {
  allowed: boolean;
  /** Why not, in words a person can act on */
  reason?: string;
}

export interface AccessView {
  /** false when the API server could not be asked at all */
  reachable: boolean;
  checkedAt: string;
  can: Record<Capability, Permission>;
}

const CACHE_MS = 30_000;

/** Plural resource names for the kinds the stack uses (others: lower-case + "s"). */
const PLURAL: Record<string, string> = {
  Namespace: "namespaces",
  PersistentVolume: "persistentvolumes",
  PersistentVolumeClaim: "persistentvolumeclaims",
  Deployment: "deployments",
  Service: "services",
  ConfigMap: "configmaps",
  Secret: "secrets",
  HTTPRoute: "httproutes",
  CiliumNetworkPolicy: "ciliumnetworkpolicies",
  NetworkPolicy: "networkpolicies",
  RoleBinding: "rolebindings",
  Role: "roles",
};

function attrsFor(o: ManifestObject, verb: string, defaultNamespace: string): V1ResourceAttributes {
  const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
  return {
    verb,
    group,
    resource: PLURAL[o.kind] ?? `${o.kind.toLowerCase()}s`,
    namespace: isClusterScoped(o.kind) ? undefined : (o.metadata.namespace ?? defaultNamespace),
    name: verb === "create" ? undefined : o.metadata.name,
  };
}

function label(a: V1ResourceAttributes): string {
  const res = `${a.resource}${a.subresource ? `/${a.subresource}` : ""}${a.group ? `.${a.group}` : ""}`;
  return `${a.verb} ${res}${a.name ? ` "${a.name}"` : ""}${a.namespace ? ` in ${a.namespace}` : ""}`;
}

export interface AccessInput {
  namespace: string;
  pvName: string;
  objects: ManifestObject[];
  deploymentNames: string[];
}

async function check(api: AuthorizationV1Api, checks: V1ResourceAttributes[]): Promise<Permission> {
  const results = await Promise.all(
    checks.map((a) =>
      api
        .createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: a } } })
        .then((r) => ({ a, allowed: r.status?.allowed === true })),
    ),
  );
  const denied = results.filter((r) => !r.allowed).map((r) => label(r.a));
  return denied.length
    ? {
        allowed: false,
        reason: `the dashboard's ServiceAccount may not ${denied.slice(0, 3).join("; ")}${denied.length > 3 ? ` (+${denied.length - 3} more)` : ""}`,
      }
    : { allowed: true };
}

async function compute(input: AccessInput): Promise<AccessView> {
  const api = kubeConfig().makeApiClient(AuthorizationV1Api);
  const ns = input.namespace;
  // Server-side apply is a PATCH; creating an object through it also needs `create`.
  const applyChecks = dedupe(
    input.objects.flatMap((o) => [attrsFor(o, "patch", ns), attrsFor(o, "create", ns)]),
  );
  const dep = (verb: string, subresource?: string): V1ResourceAttributes[] =>
    input.deploymentNames.map((name) => ({
      verb,
      group: "apps",
      resource: "deployments",
      subresource,
      namespace: ns,
      name,
    }));
  const nowIso = new Date().toISOString();
  try {
    const [deploy, restart, scale, teardown, releasePv] = await Promise.all([
      check(api, applyChecks),
      check(api, dep("patch")),
      check(api, [...dep("get", "scale"), ...dep("patch", "scale")]),
      check(api, [{ verb: "delete", group: "", resource: "namespaces", name: ns }]),
      check(api, [{ verb: "patch", group: "", resource: "persistentvolumes", name: input.pvName }]),
    ]);
    return {
      reachable: true,
      checkedAt: nowIso,
      can: { deploy, restart, scale, teardown, releasePv },
    };
  } catch (e) {
    const reason = `cannot check permissions: ${k8sError(e).message}`;
    const no: Permission = { allowed: false, reason };
    return {
      reachable: false,
      checkedAt: nowIso,
      can: { deploy: no, restart: no, scale: no, teardown: no, releasePv: no },
    };
  }
}

function dedupe(list: V1ResourceAttributes[]): V1ResourceAttributes[] {
  const seen = new Map<string, V1ResourceAttributes>();
  for (const a of list) seen.set(JSON.stringify(a), a);
  return [...seen.values()];
}

/**
 * What the dashboard's own identity may do, from SelfSubjectAccessReviews, cached for 30 s
 * (an unreachable API server is retried on the next call, not cached).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 */
export async function accessView(input: AccessInput): Promise<AccessView> {
  const g = globalThis as { __arrAccess?: { at: number; key: string; view: Promise<AccessView> } };
  const key = JSON.stringify([
    input.namespace,
    input.pvName,
    input.deploymentNames,
    input.objects.length,
  ]);
  const now = Date.now();
  if (g.__arrAccess && g.__arrAccess.key === key && now - g.__arrAccess.at < CACHE_MS)
    return g.__arrAccess.view;
  const view = compute(input);
  g.__arrAccess = { at: now, key, view };
  view.then(
    (v) => {
      if (!v.reachable && g.__arrAccess?.view === view) g.__arrAccess = undefined;
    },
    () => (g.__arrAccess = undefined),
  );
  return view;
}

/**
 * A server-side dry-run create of `o` with the dashboard's own credentials: admitted (2xx) or the
 * API server's status and message (0: not reachable). Nothing is stored.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
 */
export async function dryRunCreate(
  o: ManifestObject,
): Promise<{ admitted: true } | { admitted: false; status: number; message: string }> {
  try {
    await KubernetesObjectApi.makeApiClient(kubeConfig()).create(
      o as KubernetesObject,
      undefined,
      "All",
    );
    return { admitted: true };
  } catch (e) {
    const info = k8sError(e);
    return { admitted: false, status: info.status, message: info.message };
  }
}

/**
 * The user name the API server sees for the dashboard's credentials (SelfSubjectReview, allowed
 * for every authenticated user), e.g. system:serviceaccount:arr-dashboard:arr-dashboard.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/self-subject-review-v1/
 */
export async function whoAmI(): Promise<string> {
  const r = await kubeConfig()
    .makeApiClient(AuthenticationV1Api)
    .createSelfSubjectReview({
      body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    });
  return r.status?.userInfo?.username ?? "";
}
