import type { EventView, PvcView, PvView } from "@/lib/cluster/types";
import { eventsFor } from "./pod";
import { health, type Health } from "./types";

/**
 * Health of a PersistentVolume.
 * - Available / Bound: Healthy.
 * - Released: Degraded. With reclaimPolicy Retain the PV keeps the old claim's `claimRef`
 *   (namespace, name and uid) after that claim is deleted — e.g. after `kubectl delete
 *   namespace media` — and the binder will not give it to a new claim, so the new PVC stays
 *   Pending. The data is intact; clearing `spec.claimRef` (or its uid) makes it Available again.
 * - Failed: Degraded (automatic reclamation failed).
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#phase
 */
export function pvHealth(pv: PvView): Health {
  if (pv.deletionTimestamp) return health("Progressing", `PV ${pv.name} is being deleted`);
  switch (pv.phase) {
    case "Bound": {
      const ref = pv.claimRef ? `${pv.claimRef.namespace}/${pv.claimRef.name}` : "a claim";
      return health("Healthy", `Bound to ${ref}`);
    }
    case "Available":
      return health("Healthy", "Available: ready to bind a claim");
    case "Released": {
      const ref = pv.claimRef ? `${pv.claimRef.namespace}/${pv.claimRef.name}` : "a deleted claim";
      return health("Degraded", `Released: still reserved for ${ref}, which no longer exists`, [
        `Reclaim policy ${pv.reclaimPolicy ?? "unknown"}: the data is kept, but a new claim will not bind until the stale claimRef is removed.`,
      ]);
    }
    case "Failed":
      return health("Degraded", `Failed${pv.message ? `: ${pv.message}` : ""}`);
    default:
      return health("Progressing", `${pv.phase}`);
  }
}

/** What a claim's health depends on besides the claim itself. */
export interface ClaimContext {
  /** The PV the claim is bound to or meant to bind (by volumeName or the stack's data PV). */
  pv?: PvView | undefined;
  /** Events in the claim's namespace (filtered here). */
  events?: readonly EventView[];
  /** Pods that mount the claim (its consumers). */
  consumers?: number;
}

/**
 * Health of a PersistentVolumeClaim, as Argo CD does it (Bound → Healthy, Pending →
 * Progressing, Lost → Degraded) with the cases where Argo's rule misleads fixed:
 * - Pending because the storage class waits for the first consumer, and there is none (the
 *   app is stopped): that is the normal resting state, not progress (argo-cd#29201).
 * - Pending because the PV it must bind is Released: Degraded, it will never bind by itself.
 * - ProvisioningFailed events: Degraded with the provisioner's message.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#binding
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
export function pvcHealth(pvc: PvcView, ctx: ClaimContext = {}): Health {
  if (pvc.deletionTimestamp) {
    // The pvc-protection finalizer holds a claim that a pod still uses.
    return health("Progressing", `Claim ${pvc.name} is being deleted (waits for pods that use it)`);
  }
  if (pvc.phase === "Bound") {
    const size = pvc.capacity ?? pvc.requested;
    return health("Healthy", `Bound to ${pvc.volumeName ?? "a volume"}${size ? ` (${size})` : ""}`);
  }
  if (pvc.phase === "Lost") {
    return health(
      "Degraded",
      `Claim ${pvc.name} is Lost: its volume ${pvc.volumeName ?? ""} no longer exists`.trim(),
      ["The data behind it may be gone; the claim will not recover by itself."],
    );
  }
  // Pending (or unknown): find out why.
  if (ctx.pv?.phase === "Released") {
    const ref = ctx.pv.claimRef
      ? `${ctx.pv.claimRef.namespace}/${ctx.pv.claimRef.name}`
      : "a deleted claim";
    return health(
      "Degraded",
      `Claim ${pvc.name} cannot bind: PV ${ctx.pv.name} is Released (stale claimRef to ${ref})`,
      ["Remove the PV's stale claimRef to let it bind again; the data is kept."],
    );
  }
  const events = eventsFor("PersistentVolumeClaim", pvc.name, ctx.events ?? []);
  const failed = events.find(
    (e) =>
      e.type === "Warning" && (e.reason === "ProvisioningFailed" || e.reason === "FailedBinding"),
  );
  if (failed && failed.reason === "ProvisioningFailed") {
    return health("Degraded", `Claim ${pvc.name}: provisioning failed`, [failed.message]);
  }
  const waitsForConsumer = events.some((e) => e.reason === "WaitForFirstConsumer");
  if (waitsForConsumer && !pvc.selectedNode && (ctx.consumers ?? 0) === 0) {
    return health(
      "Healthy",
      `Claim ${pvc.name} waits for its first consumer (binds when a pod uses it)`,
    );
  }
  const latest = events[0];
  return health(
    "Progressing",
    `Claim ${pvc.name} is ${pvc.phase}`,
    latest ? [`${latest.reason}: ${latest.message}`] : [],
  );
}
