"use server";
// Restart / stop / start, through the one gate (origin, session, zod, metrics, action log +
// Event: lib/actions/gate.ts). Mutations consume a single-use confirmation.
import { defineAction } from "@/lib/actions/gate";
import { workloadActions } from "@/lib/workloads/server";

export const prepareAppAction = defineAction(workloadActions.prepareAppAction);
export const restartApp = defineAction(workloadActions.restartApp);
export const scaleApp = defineAction(workloadActions.scaleApp);
export const prepareForceDelete = defineAction(workloadActions.prepareForceDelete);
export const forceDeletePod = defineAction(workloadActions.forceDeletePod);
