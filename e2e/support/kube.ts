// The tests' one way to reach the local control plane named by $KUBECONFIG (started by
// `npm test`): the config, clients, polling, throwaway namespaces and API error statuses.
import {
  AppsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";

/** A fresh KubeConfig for $KUBECONFIG, the cluster admin's (for a config of one's own to change). */
export function testKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

export const kc = testKubeConfig();
export const core = kc.makeApiClient(CoreV1Api);
export const apps = kc.makeApiClient(AppsV1Api);
export const authn = kc.makeApiClient(AuthenticationV1Api);

/** Options for client-node patch calls that send a JSON merge patch. */
export const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Creates a namespace with a random suffix and optional labels; returns its name. */
export async function tempNamespace(
  prefix: string,
  labels: Record<string, string> = {},
): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await core.createNamespace({ body: { metadata: { name, labels } } });
  // The ServiceAccount controller creates `default`; pods need it before they can be created.
  await waitFor(`ServiceAccount default in ${name}`, () =>
    core.readNamespacedServiceAccount({ name: "default", namespace: name }),
  );
  return name;
}

export async function deleteNamespace(name: string): Promise<void> {
  await core.deleteNamespace({ name }).catch(() => undefined);
}

/** HTTP status of a client-node ApiException (or undefined for other errors). */
export function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && "code" in err
    ? Number((err as { code: unknown }).code)
    : undefined;
}
