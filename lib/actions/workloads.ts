import "server-only";
import { audit } from "@/lib/audit/audit";
import { consumeIntent, issueIntent, type ActionContext } from "@/lib/auth/server";
import { restartDeployment, scaleDeployment } from "@/lib/k8s/workloads";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";
import { failure, type ActionResult } from "./result";
import {
  issueText,
  PrepareAppActionInputSchema,
  RestartAppInputSchema,
  ScaleAppInputSchema,
  type AppActionKind,
} from "./schemas";
import { stackAccess } from "./stack-access";

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
export async function prepareAppActionFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ intent: string; prompt: string }>> {
  const parsed = PrepareAppActionInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const { action, app } = parsed.data;
  const stack = getStack();
  if (!knownApp(stack, app)) return failure(`unknown app "${app}"`);
  if (app === "all" && action !== "restart")
    return failure("only restart applies to all apps at once");
  const access = await stackAccess(stack);
  const perm = action === "restart" ? access.can.restart : access.can.scale;
  if (!perm.allowed) return failure(perm.reason ?? "not allowed");
  const intent = issueIntent(ctx, action, app);
  if (!intent) return failure("too many pending confirmations; try again in a few minutes");
  return { ok: true, intent, prompt: PROMPTS[action](displayName(stack, app)) };
}

export interface TargetOutcome {
  app: string;
  ok: boolean;
  error?: string;
}

/** Rollout restart of one app or all of them; each target's outcome is reported. */
export async function restartAppFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ outcomes: TargetOutcome[] }>> {
  const parsed = RestartAppInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const { app, intent } = parsed.data;
  const stack = getStack();
  if (!knownApp(stack, app)) return failure(`unknown app "${app}"`);
  const used = consumeIntent(ctx, intent, "restart", app);
  if (!used.ok) return used;
  const targets = app === "all" ? stack.apps.map((a) => a.name) : [app];
  const outcomes = await Promise.all(
    targets.map(async (name): Promise<TargetOutcome> => {
      const r = await restartDeployment(stack.namespace, name);
      await audit(
        {
          actor: ctx.actor,
          action: "restart",
          target: `${stack.namespace}/deployment/${name}`,
          outcome: r.ok ? "succeeded" : "failed",
          detail: r.ok ? `restartedAt ${r.restartedAt}` : r.error,
          client: ctx.client,
        },
        { apiVersion: "apps/v1", kind: "Deployment", name, namespace: stack.namespace },
        r.ok ? "RolloutRestart" : "RolloutRestartFailed",
      );
      return r.ok ? { app: name, ok: true } : { app: name, ok: false, error: r.error };
    }),
  );
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length)
    return failure(
      `${failed.length} of ${outcomes.length} restarts failed: ${failed.map((f) => f.error).join("; ")}`,
    );
  return { ok: true, outcomes };
}

/** Stop (0) or start (1) an app through the scale subresource. */
export async function scaleAppFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ app: string; replicas: 0 | 1 }>> {
  const parsed = ScaleAppInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const { app, replicas, intent } = parsed.data;
  const stack = getStack();
  if (!stack.apps.some((a) => a.name === app)) return failure(`unknown app "${app}"`);
  const action = replicas === 0 ? "stop" : "start";
  const used = consumeIntent(ctx, intent, action, app);
  if (!used.ok) return used;
  const r = await scaleDeployment(stack.namespace, app, replicas);
  await audit(
    {
      actor: ctx.actor,
      action,
      target: `${stack.namespace}/deployment/${app}`,
      outcome: r.ok ? "succeeded" : "failed",
      detail: r.ok ? `replicas ${r.previous} → ${replicas}` : r.error,
      client: ctx.client,
    },
    { apiVersion: "apps/v1", kind: "Deployment", name: app, namespace: stack.namespace },
    r.ok ? (replicas === 0 ? "Stopped" : "Started") : "ScaleFailed",
  );
  return r.ok ? { ok: true, app, replicas } : failure(r.error);
}
