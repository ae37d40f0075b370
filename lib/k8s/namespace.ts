import "server-only";
import { CoreV1Api } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import { fail, ok, type Result } from "@/lib/result";
import { failureCode, isNotFound, k8sError } from "./errors";

/**
 * Deletes a namespace (foreground of nothing: the namespace controller removes its contents).
 * PersistentVolumes are cluster-scoped and survive; a Retain PV turns Released.
 */
export async function deleteNamespace(name: string): Promise<Result<{ alreadyGone: boolean }>> {
  try {
    await kubeConfig()
      .makeApiClient(CoreV1Api)
      .deleteNamespace({ name, propagationPolicy: "Background" });
    return ok({ alreadyGone: false });
  } catch (e) {
    if (isNotFound(e)) return ok({ alreadyGone: true });
    return fail(failureCode(e), `delete namespace ${name}: ${k8sError(e).message}`);
  }
}
