import "server-only";
import { actionSpec, type ActionRecord } from "@/lib/actions/gate";
import { stackAccess } from "@/lib/actions/availability";
import {
  ForceDeletePodInputSchema,
  PrepareForceDeleteInputSchema,
  PrepareAppActionInputSchema,
  RestartAppInputSchema,
  ScaleAppInputSchema,
  type AppActionKind,
} from "@/lib/actions/schemas";
import { consumeIntent, issueIntent, type ActionContext } from "@/lib/auth/server";
import { getLiveModel } from "@/lib/k8s/live";
import { forceDeletePod, restartDeployment, scaleDeployment } from "@/lib/k8s/workloads";
import { stuckTerminating } from "@/lib/health/stuck";
import { appPods } from "@/lib/stack/pods";
import { restartPrompt } from "./restart";
import { fail, ok, type Result } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";
import type { z } from "zod";

/**
 * Restart, stop and start of the stack's apps: the action specs (`workloadActions`) that
 * app/actions/workloads.ts exposes through the one gate (lib/actions/gate.ts).
 */

function knownApp(stack: Stack, app: string): boolean {
  return app === "all" || stack.apps.some((a) => a.name === app);
}

function displayName(stack: Stack, app: string): string {
  return app === "all" ? "all apps" : (stack.apps.find((a) => a.name === app)?.displayName ?? app);
}

const PROMPTS: Record<AppActionKind, (name: string) => string> = {
  restart: (n) =>
    `Restart ${n}? The pod is replaced (Recreate strategy: the app is down for a moment).`,
  stop: (n) => `Stop ${n}? It is scaled to 0 replicas and stays down until started again.`,
  start: (n) => `Start ${n}? It is scaled to 1 replica.`,
};

/** Step 1 of restart/stop/start: checks the app and the dashboard's rights, issues a confirmation. */
async function prepareAppAction(
  ctx: ActionContext,
  { action, app }: z.output<typeof PrepareAppActionInputSchema>,
): Promise<Result<{ intent: string; prompt: string }>> {
  const stack = getStack();
  if (!knownApp(stack, app)) return fail("not-found", `unknown app "${app}"`);
  if (app === "all" && action !== "restart")
    return fail("invalid", "only restart applies to all apps at once");
  const access = await stackAccess(stack);
  const perm = action === "restart" ? access.can.restart : access.can.scale;
  if (!perm.allowed) return fail("forbidden", perm.reason ?? "not allowed");
  const intent = issueIntent(ctx, action, app);
  if (!intent) return fail("busy", "too many pending confirmations; try again in a few minutes");
  if (action === "restart") {
    // What the live model knows right now: strategy, and pods stuck on dead nodes (F8).
    const view = getLiveModel().snapshot();
    const targets = app === "all" ? stack.apps : stack.apps.filter((a) => a.name === app);
    const prompts = targets.map((a) =>
      restartPrompt(
        a.displayName,
        view.deployments.find((d) => d.name === a.name),
        appPods(a, view.pods),
        view.nodes,
      ),
    );
    const warnings = prompts.flatMap((p) => (p.warning ? [p.warning] : []));
    const prompt =
      app === "all" ? PROMPTS.restart(displayName(stack, app)) : (prompts[0]?.prompt ?? "");
    return ok({ intent, prompt: [prompt, ...warnings.map((w) => `Warning: ${w}`)].join("\n\n") });
  }
  return ok({ intent, prompt: PROMPTS[action](displayName(stack, app)) });
}

interface TargetOutcome {
  app: string;
  ok: boolean;
  error?: string;
  restartedAt?: string;
}

/** Rollout restart of one app or all of them; each target's outcome is reported. */
async function restartApp(
  ctx: ActionContext,
  { app, intent }: z.output<typeof RestartAppInputSchema>,
): Promise<Result<{ outcomes: TargetOutcome[] }, { outcomes?: TargetOutcome[] }>> {
  const stack = getStack();
  if (!knownApp(stack, app)) return fail("not-found", `unknown app "${app}"`);
  const used = consumeIntent(ctx, intent, "restart", app);
  if (!used.ok) return used;
  const targets = app === "all" ? stack.apps.map((a) => a.name) : [app];
  const outcomes = await Promise.all(
    targets.map(async (name): Promise<TargetOutcome> => {
      const r = await restartDeployment(stack.namespace, name);
      return r.ok
        ? { app: name, ok: true, restartedAt: r.restartedAt }
        : { app: name, ok: false, error: r.error };
    }),
  );
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length)
    return fail(
      "failed",
      `${failed.length} of ${outcomes.length} restarts failed: ${failed.map((f) => f.error).join("; ")}`,
      { outcomes },
    );
  return ok({ outcomes });
}

/** One action-log record (and Event) per restarted Deployment. */
function restartRecords(
  result: Result<{ outcomes: TargetOutcome[] }, { outcomes?: TargetOutcome[] }>,
): ActionRecord[] {
  const namespace = getStack().namespace;
  return (result.outcomes ?? []).map((o) => ({
    target: `${namespace}/deployment/${o.app}`,
    outcome: o.ok ? "succeeded" : "failed",
    detail: o.ok ? `restartedAt ${o.restartedAt}` : o.error,
    event: {
      on: { apiVersion: "apps/v1", kind: "Deployment", name: o.app, namespace },
      reason: o.ok ? "RolloutRestart" : "RolloutRestartFailed",
    },
  }));
}

/** Stop (0) or start (1) an app through the scale subresource. */
async function scaleApp(
  ctx: ActionContext,
  { app, replicas, intent }: z.output<typeof ScaleAppInputSchema>,
): Promise<Result<{ app: string; replicas: 0 | 1 }>> {
  const stack = getStack();
  if (!stack.apps.some((a) => a.name === app)) return fail("not-found", `unknown app "${app}"`);
  const used = consumeIntent(ctx, intent, replicas === 0 ? "stop" : "start", app);
  if (!used.ok) return used;
  const r = await scaleDeployment(stack.namespace, app, replicas);
  return r.ok ? ok({ app, replicas }) : fail("failed", r.error);
}

/** The action-log record (and Event) of a stop or start. */
function scaleRecord(input: z.output<typeof ScaleAppInputSchema>, result: Result): ActionRecord {
  const namespace = getStack().namespace;
  const { app, replicas } = input;
  return {
    target: `${namespace}/deployment/${app}`,
    detail: result.ok ? `replicas → ${replicas}` : result.error,
    event: {
      on: { apiVersion: "apps/v1", kind: "Deployment", name: app, namespace },
      reason: result.ok ? (replicas === 0 ? "Stopped" : "Started") : "ScaleFailed",
    },
  };
}

/** The pod of `app` that is stuck Terminating on a NotReady node, from the live model, or why not. */
function stuckPodOf(stack: Stack, app: string, pod: string) {
  const a = stack.apps.find((x) => x.name === app);
  if (!a) return fail("not-found", `unknown app "${app}"`);
  const view = getLiveModel().snapshot();
  const p = appPods(a, view.pods).find((x) => x.name === pod);
  if (!p) return fail("not-found", `pod ${pod} is not a pod of ${app}`);
  const stuck = stuckTerminating([p], view.nodes)[0];
  // Only a pod that cannot finish on its own: force-deleting a healthy pod skips its graceful
  // shutdown and can run two copies of an app against one config volume.
  if (!stuck)
    return fail(
      "conflict",
      `pod ${pod} is not stuck Terminating on a NotReady node; restart the app instead`,
    );
  return ok({ stuck });
}

/** Step 1 of force-deleting a stuck pod: checks it is stuck, issues a confirmation naming the risk. */
async function prepareForceDelete(
  ctx: ActionContext,
  { app, pod }: z.output<typeof PrepareForceDeleteInputSchema>,
): Promise<Result<{ intent: string; prompt: string }>> {
  const found = stuckPodOf(getStack(), app, pod);
  if (!found.ok) return found;
  const intent = issueIntent(ctx, "force-delete", `${app}/${pod}`);
  if (!intent) return fail("busy", "too many pending confirmations; try again in a few minutes");
  return ok({
    intent,
    prompt: `Force-delete pod ${pod}? ${found.stuck.why}, so its containers may still be running there: only do this if the node is really down. The pod object is removed without waiting for the node.`,
  });
}

/** Force-deletes one stuck pod of an app (its own confirmed, audited action). */
async function forceDeleteStuckPod(
  ctx: ActionContext,
  { app, pod, intent }: z.output<typeof ForceDeletePodInputSchema>,
): Promise<Result<{ finalizers: string[] }>> {
  const stack = getStack();
  const found = stuckPodOf(stack, app, pod);
  if (!found.ok) return found;
  const used = consumeIntent(ctx, intent, "force-delete", `${app}/${pod}`);
  if (!used.ok) return used;
  const r = await forceDeletePod(stack.namespace, pod, found.stuck.pod.uid);
  if (!r.ok) return r;
  return ok({ finalizers: r.finalizers });
}

/** The specs of restart, stop/start and their confirmation step. */
export const workloadActions = {
  prepareAppAction: actionSpec({
    name: "prepare-app-action",
    input: PrepareAppActionInputSchema,
    run: prepareAppAction,
    record: (i) => ({ target: `${i.action}/${i.app}` }),
  }),
  restartApp: actionSpec({
    name: "restart",
    input: RestartAppInputSchema,
    run: restartApp,
    record: (_i, r) => restartRecords(r),
    revalidate: "/",
  }),
  prepareForceDelete: actionSpec({
    name: "prepare-force-delete",
    input: PrepareForceDeleteInputSchema,
    run: prepareForceDelete,
    record: (i) => ({ target: `force-delete/${i.app}/${i.pod}` }),
  }),
  forceDeletePod: actionSpec({
    name: "force-delete-pod",
    input: ForceDeletePodInputSchema,
    run: forceDeleteStuckPod,
    record: (i, r) => ({
      target: `${getStack().namespace}/pod/${i.pod}`,
      outcome: r.ok ? "succeeded" : "failed",
      detail: r.ok
        ? r.finalizers.length
          ? `deleted; finalizers ${r.finalizers.join(", ")} still hold it`
          : "deleted without waiting for its node"
        : r.error,
      event: {
        on: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: i.app,
          namespace: getStack().namespace,
        },
        reason: r.ok ? "PodForceDeleted" : "PodForceDeleteFailed",
      },
    }),
    revalidate: "/",
  }),
  scaleApp: actionSpec({
    name: "scale",
    input: ScaleAppInputSchema,
    run: scaleApp,
    record: scaleRecord,
    revalidate: "/",
  }),
};
