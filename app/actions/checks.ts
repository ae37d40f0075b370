"use server";
// The exec checks' actions, through the one gate (origin, session, zod, metrics, action log +
// Event on the pod: lib/actions/gate.ts): start and cancel the hardlink audit (a job), and
// "probe now" for the NFS probes (which otherwise run on their schedule, never on a page load).
import { defineAction } from "@/lib/actions/gate";
import { hardlinkActions } from "@/lib/hardlinks/server";
import { nfsActions } from "@/lib/nfs/server";

export const startHardlinkAudit = defineAction(hardlinkActions.startHardlinkAudit);
export const cancelHardlinkAudit = defineAction(hardlinkActions.cancelHardlinkAudit);
export const probeNfsNow = defineAction(nfsActions.probeNfsNow);
