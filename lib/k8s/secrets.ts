import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import { fail, ok, type Result } from "@/lib/result";
import { k8sError } from "./errors";

/** The one Secret the dashboard may read (RBAC `get` with resourceNames: [arr-api-keys]). */
const ARR_KEYS_SECRET = "arr-api-keys";

/** The decoded keys, or `not-found` / `forbidden` / `unreachable` / `failed`. */
export type ArrKeys = Result<{ keys: ReadonlyMap<string, string> }>;

const MAX_VALUE = 4096;

/**
 * Reads Secret `<namespace>/arr-api-keys` and decodes its values (base64 → UTF-8, trimmed; empty,
 * over-long or multi-line values are dropped). Never throws, never puts a value in an error:
 * errors say which Secret and why (missing, forbidden, API server unreachable).
 */
export async function readArrKeys(namespace: string): Promise<ArrKeys> {
  const where = `Secret ${namespace}/${ARR_KEYS_SECRET}`;
  try {
    const s = await kubeConfig()
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: ARR_KEYS_SECRET, namespace });
    const keys = new Map<string, string>();
    for (const [k, b64] of Object.entries(s.data ?? {})) {
      const v = Buffer.from(b64, "base64").toString("utf8").trim();
      if (v !== "" && v.length <= MAX_VALUE && !/[\r\n\0]/.test(v)) keys.set(k, v);
    }
    for (const [k, v] of Object.entries(s.stringData ?? {}))
      if (!keys.has(k) && v.trim() !== "") keys.set(k, v.trim());
    return ok({ keys });
  } catch (e) {
    const info = k8sError(e);
    if (info.status === 404) return fail("not-found", `${where} not found`);
    if (info.status === 403) return fail("forbidden", `the dashboard may not read ${where} (RBAC)`);
    if (info.status === 0) return fail("unreachable", `${where}: ${info.message}`);
    return fail("failed", `${where}: HTTP ${info.status}`);
  }
}
