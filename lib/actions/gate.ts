import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { logAction, recordAction } from "@/lib/action-log/server";
import { gateAction, type ActionContext } from "@/lib/auth/server";
import type { EventTarget } from "@/lib/k8s/events";
import { metrics } from "@/lib/metrics";
import { guardBlock } from "@/lib/guard/server";
import { fail, type Result } from "@/lib/result";
import { issueText } from "./schemas";

/** What the action log records about one call of an action. */
export interface ActionRecord {
  /** The object acted on, e.g. "media/deployment/sonarr", "stack", "namespace/media". */
  target: string;
  /** The Kubernetes Event for an action that changed or ran something; omitted: the line only. */
  event?: { on: EventTarget | EventTarget[]; reason: string };
  /** Overrides the outcome read from the result (e.g. one failed target of a bulk restart). */
  outcome?: "succeeded" | "failed";
  detail?: string;
}

export interface ActionSpec<S extends z.ZodType, T extends object, E extends object> {
  /** The action's name in the action log and the metrics (`arr_dashboard_actions_total{action}`). */
  name: string;
  /** Validates the one argument; a failure answers `invalid` and changes nothing. */
  input: S;
  /** The work, with the caller's identity and the parsed input. Throwing is answered as `failed`. */
  run(ctx: ActionContext, input: z.output<S>): Promise<Result<T, E>>;
  /** What to record for this call (default: a line naming the action, no target, no Event). */
  record?(input: z.output<S>, result: NoInfer<Result<T, E>>): ActionRecord | ActionRecord[];
  /** A path to revalidate after success (`revalidatePath(path, "layout")`). */
  revalidate?: string;
}

/** Types an action's spec (for `defineAction` and `runAction`). */
export function actionSpec<S extends z.ZodType, T extends object, E extends object = object>(
  spec: ActionSpec<S, T, E>,
): ActionSpec<S, T, E> {
  return spec;
}

/**
 * An action's work for a caller whose session and origin were checked: zod validation (a failure
 * answers `invalid` and changes nothing), the work (a throw is answered `failed`), metrics, and
 * the action log line plus a Kubernetes Event for what changed or ran in the cluster (refusals
 * are lines only, so bad input cannot flood Events). `defineAction` calls it; tests call it with
 * a signed-in context.
 */
export async function runAction<S extends z.ZodType, T extends object, E extends object>(
  spec: ActionSpec<S, T, E>,
  ctx: ActionContext,
  input: unknown,
): Promise<Result<T, E>> {
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    const why = issueText(parsed.error);
    metrics.countAction(spec.name, "invalid");
    logAction({
      actor: ctx.actor,
      action: spec.name,
      target: "-",
      outcome: "rejected",
      detail: why,
      client: ctx.client,
    });
    return fail("invalid", why) as Result<T, E>;
  }
  let result: Result<T, E>;
  // Issue 17, item 4: with the admission policies gone, no action may change the cluster.
  const blocked = guardBlock();
  try {
    result = blocked
      ? (fail("forbidden", blocked) as Result<T, E>)
      : await spec.run(ctx, parsed.data);
  } catch (error) {
    unstable_rethrow(error); // Next's redirect()/notFound() are control flow, not failures
    const why = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    result = fail("failed", `${spec.name} failed: ${why.slice(0, 300)}`) as Result<T, E>;
  }
  metrics.countAction(spec.name, result.ok ? "ok" : "error");
  const recorded = [spec.record?.(parsed.data, result) ?? []].flat();
  const records = recorded.length ? recorded : [{ target: "-" } as ActionRecord];
  const happened = result.ok || result.code === "failed" || result.code === "timeout";
  await Promise.all(
    records.map((r) => {
      const entry = {
        actor: ctx.actor,
        action: spec.name,
        target: r.target,
        outcome: r.outcome ?? (result.ok ? "succeeded" : "failed"),
        detail: r.detail ?? (result.ok ? undefined : result.error),
        client: ctx.client,
      } as const;
      return r.event && happened
        ? recordAction(entry, r.event.on, r.event.reason)
        : logAction(entry);
    }),
  );
  return result;
}

/**
 * The one gate every server action goes through: same-origin and session first (lib/auth; the
 * proxy is never the gate), then `runAction` (validation, work, metrics, action log + Event),
 * then revalidation. Used in `"use server"` files as
 * `export const restartApp = defineAction(restartAppAction)`.
 */
export function defineAction<S extends z.ZodType, T extends object, E extends object = object>(
  spec: ActionSpec<S, T, E>,
): (input?: unknown) => Promise<Result<T, E>> {
  return async (input?: unknown) => {
    const g = await gateAction(spec.name);
    if (!g.ok) {
      metrics.countAction(spec.name, "denied");
      return fail(g.code, g.error) as Result<T, E>;
    }
    const result = await runAction(spec, g.ctx, input);
    if (result.ok && spec.revalidate) revalidatePath(spec.revalidate, "layout");
    return result;
  };
}
