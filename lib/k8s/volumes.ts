import "server-only";
import { CoreV1Api, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { kubeConfig } from "./client";
import { fail, ok, type Result } from "@/lib/result";
import { isNotFound, k8sError, k8sFailure } from "./errors";
import type { ReleasedVolume } from "@/lib/deploy/plan";

export type { ReleasedVolume } from "@/lib/deploy/plan";

/**
 * A `Retain` PV whose claim was deleted (e.g. by `delete namespace media`) is `Released` and keeps
 * a stale spec.claimRef, so it will not bind a new claim. Returns it when that is the case.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain
 */
export async function findReleasedVolume(name: string): Promise<ReleasedVolume | null> {
  try {
    const pv = await kubeConfig().makeApiClient(CoreV1Api).readPersistentVolume({ name });
    const ref = pv.spec?.claimRef;
    if (pv.status?.phase !== "Released" || !ref?.uid) return null;
    return { name, claim: `${ref.namespace ?? ""}/${ref.name ?? ""}`, claimUid: ref.uid };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/**
 * Makes a Released PV bindable again by removing its stale claimRef — only if it still points at
 * the claim the user was shown (JSON-patch `test` on the uid). The volume's data is not touched.
 */
export async function releaseVolume(name: string, claimUid: string): Promise<Result> {
  try {
    await kubeConfig()
      .makeApiClient(CoreV1Api)
      .patchPersistentVolume(
        {
          name,
          body: [
            { op: "test", path: "/spec/claimRef/uid", value: claimUid },
            { op: "remove", path: "/spec/claimRef" },
          ],
        },
        setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
      );
    return ok();
  } catch (e) {
    const info = k8sError(e);
    if (info.status === 422 || /test operation/i.test(info.message))
      return fail("conflict", `PV ${name} changed since it was checked; check again`);
    return k8sFailure(e, `release PV ${name}`);
  }
}
