import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import { isNotFound, k8sError } from "./errors";

/**
 * Deletes a namespace (foreground of nothing: the namespace controller removes its contents).
 * PersistentVolumes are cluster-scoped and survive; a Retain PV turns Released.
 */
export async function deleteNamespace(
  name: string,
): Promise<{ ok: true; alreadyGone: boolean } | { ok: false; error: string }> {
  try {
    await kubeConfig()
      .makeApiClient(CoreV1Api)
      .deleteNamespace({ name, propagationPolicy: "Background" });
    return { ok: true, alreadyGone: false };
  } catch (e) {
    if (isNotFound(e)) return { ok: true, alreadyGone: true };
    return { ok: false, error: `delete namespace ${name}: ${k8sError(e).message}` };
  }
}
