// Helpers for the manifest tests: the repository's YAML trees as objects, server-side apply,
// and clients that act as the dashboard's ServiceAccount (impersonated, or with a real token).
import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from "@kubernetes/client-node";
import path from "node:path";
import { readManifests } from "@/lib/stack/load";
import type { ManifestObject } from "@/lib/stack/types";
import { core, kc, statusOf } from "@/e2e/support/kube";

export const REPO = path.resolve(__dirname, "../../..");
export const DASHBOARD_NAMESPACE = "arr-dashboard";
const DASHBOARD_SA = "arr-dashboard";
export const DASHBOARD_USER = `system:serviceaccount:${DASHBOARD_NAMESPACE}:${DASHBOARD_SA}`;
const FIELD_MANAGER = "arr-dashboard-tests";

/** The objects of a kustomization under k8s/ (resources only), as plain data. */
export function tree(dir: string): ManifestObject[] {
  return readManifests(path.join(REPO, dir)).map((d) => structuredClone(d.value) as ManifestObject);
}

export function objectApi(config: KubeConfig = kc): KubernetesObjectApi {
  return KubernetesObjectApi.makeApiClient(config);
}

/** Server-side apply (PATCH application/apply-patch+yaml), optionally as a server-side dry run. */
export async function apply(
  obj: ManifestObject,
  opts: { config?: KubeConfig; dryRun?: boolean } = {},
): Promise<KubernetesObject> {
  return objectApi(opts.config).patch(
    obj as KubernetesObject,
    undefined,
    opts.dryRun ? "All" : undefined,
    FIELD_MANAGER,
    true,
    PatchStrategy.ServerSideApply,
  );
}

/** Applies objects in order and returns the failures as "Kind/name: status message" lines. */
export async function applyAll(
  objects: readonly ManifestObject[],
  opts: { config?: KubeConfig; dryRun?: boolean } = {},
): Promise<string[]> {
  const failures: string[] = [];
  for (const obj of objects) {
    try {
      await apply(obj, opts);
    } catch (err) {
      failures.push(
        `${obj.kind}/${obj.metadata.name}: ${statusOf(err) ?? "?"} ${describeError(err)}`,
      );
    }
  }
  return failures;
}

/** The API server's message of a client-node ApiException. */
export function describeError(err: unknown): string {
  if (typeof err === "object" && err !== null && "body" in err) {
    const body = (err as { body: unknown }).body;
    try {
      const parsed =
        typeof body === "string"
          ? (JSON.parse(body) as { message?: string })
          : (body as { message?: string });
      if (parsed?.message) return parsed.message;
    } catch {
      // not JSON
    }
    return String(body);
  }
  return err instanceof Error ? err.message : String(err);
}

/** A KubeConfig that talks to the same cluster as `base` with a different user. */
function withUser(
  base: KubeConfig,
  user: { name: string; token?: string; impersonateUser?: string },
  keepCredentials: boolean,
): KubeConfig {
  const cluster = base.getCurrentCluster();
  const current = base.getCurrentUser();
  if (!cluster || !current) throw new Error("the test kubeconfig has no current cluster or user");
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: [cluster],
    users: [keepCredentials ? { ...current, ...user } : user],
    contexts: [{ name: user.name, cluster: cluster.name, user: user.name }],
    currentContext: user.name,
  });
  return out;
}

/** The admin's credentials with `Impersonate-User: system:serviceaccount:arr-dashboard:arr-dashboard`. */
export function impersonatingDashboard(): KubeConfig {
  return withUser(kc, { name: "impersonate-arr-dashboard", impersonateUser: DASHBOARD_USER }, true);
}

/** A real, short-lived token for the dashboard's ServiceAccount from the TokenRequest API. */
export async function dashboardTokenConfig(): Promise<KubeConfig> {
  const tr = await core.createNamespacedServiceAccountToken({
    name: DASHBOARD_SA,
    namespace: DASHBOARD_NAMESPACE,
    body: { spec: { expirationSeconds: 600, audiences: [] } },
  });
  const token = tr.status?.token;
  if (!token) throw new Error("TokenRequest returned no token");
  return withUser(kc, { name: "arr-dashboard-token", token }, false);
}

/** Applies the dashboard's Namespace, ServiceAccount and RBAC (k8s/dashboard) as an operator does. */
export async function applyDashboardIdentity(): Promise<string[]> {
  const kinds = [
    "Namespace",
    "ServiceAccount",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
  ];
  return applyAll(tree("k8s/dashboard").filter((o) => kinds.includes(o.kind)));
}
