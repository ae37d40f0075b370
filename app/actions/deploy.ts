"use server";
// Deploy, preview and teardown, through the one gate (origin, session, zod, metrics, action log
// + Event: lib/actions/gate.ts). Mutations consume a single-use confirmation; long work runs as
// a job (lib/jobs) that the page follows over /api/jobs/[id]/events.
import { defineAction } from "@/lib/actions/gate";
import { deployActions } from "@/lib/deploy/server";

export const planDeploy = defineAction(deployActions.planDeploy);
export const prepareDeploy = defineAction(deployActions.prepareDeploy);
export const startDeploy = defineAction(deployActions.startDeploy);
export const prepareTeardown = defineAction(deployActions.prepareTeardown);
export const teardown = defineAction(deployActions.teardown);
