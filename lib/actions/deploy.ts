import "server-only";
import { auditLog } from "@/lib/audit/audit";
import { consumeIntent, issueIntent, type ActionContext } from "@/lib/auth/server";
import { jobRegistry, type JobView } from "@/lib/deploy/jobs";
import { objectsForScope } from "@/lib/deploy/scope";
import type { AccessView } from "@/lib/k8s/access";
import { planObjects, type ObjectPlan } from "@/lib/k8s/apply";
import { k8sError } from "@/lib/k8s/errors";
import { findReleasedVolume, type ReleasedVolume } from "@/lib/k8s/volumes";
import { getStack } from "@/lib/stack/server";
import { runDeploy, runTeardown } from "./deploy-job";
import { failure, type ActionResult } from "./result";
import {
  issueText,
  JobIdSchema,
  PlanDeployInputSchema,
  PrepareDeployInputSchema,
  PrepareTeardownInputSchema,
  StartDeployInputSchema,
  TeardownInputSchema,
} from "./schemas";
import { stackAccess } from "./stack-access";

/** Deploy intents are bound to the action, not the scope: the scope is re-validated on use. */
const DEPLOY_TARGET = "stack";

export interface DeployPageState {
  namespace: string;
  pvName: string;
  apps: { name: string; displayName: string }[];
  access: AccessView;
  releasedVolume: ReleasedVolume | null;
  /** Set when the API server could not be asked about the PV */
  volumeError?: string;
  latestJob?: JobView;
  intent: string | null;
}

/** Everything the deploy page renders with, plus a fresh single-use deploy confirmation. */
export async function deployPageState(ctx: ActionContext): Promise<DeployPageState> {
  const stack = getStack();
  const access = await stackAccess(stack);
  let releasedVolume: ReleasedVolume | null = null;
  let volumeError: string | undefined;
  if (access.reachable) {
    try {
      releasedVolume = await findReleasedVolume(stack.dataVolume.pvName);
    } catch (e) {
      volumeError = k8sError(e).message;
    }
  }
  return {
    namespace: stack.namespace,
    pvName: stack.dataVolume.pvName,
    apps: stack.apps.map((a) => ({ name: a.name, displayName: a.displayName })),
    access,
    releasedVolume,
    volumeError,
    latestJob: jobRegistry().latest(),
    intent: issueIntent(ctx, "deploy", DEPLOY_TARGET),
  };
}

function knownScope(scope: string): boolean {
  return scope === "all" || getStack().apps.some((a) => a.name === scope);
}

/** A fresh single-use deploy confirmation (after the previous one was used). */
export async function prepareDeployFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ intent: string }>> {
  const parsed = PrepareDeployInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const access = await stackAccess();
  if (!access.can.deploy.allowed) return failure(access.can.deploy.reason ?? "not allowed");
  const intent = issueIntent(ctx, "deploy", DEPLOY_TARGET);
  return intent
    ? { ok: true, intent }
    : failure("too many pending confirmations; try again in a few minutes");
}

/** "What would change": server-side dry-run per object against the live state (changes nothing). */
export async function planDeployFor(
  ctx: ActionContext,
  input: unknown,
): Promise<
  ActionResult<{ plan: ObjectPlan[]; releasedVolume: ReleasedVolume | null; intent: string | null }>
> {
  const parsed = PlanDeployInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  if (!knownScope(parsed.data.scope)) return failure(`unknown app "${parsed.data.scope}"`);
  const stack = getStack();
  const access = await stackAccess(stack);
  if (!access.reachable) return failure(access.can.deploy.reason ?? "API server unreachable");
  try {
    const plan = await planObjects(objectsForScope(stack, parsed.data.scope));
    const releasedVolume = await findReleasedVolume(stack.dataVolume.pvName);
    return { ok: true, plan, releasedVolume, intent: issueIntent(ctx, "deploy", DEPLOY_TARGET) };
  } catch (e) {
    return failure(`preview failed: ${k8sError(e).message}`);
  }
}

/** Starts a deploy job (one at a time) and returns its id at once; the job runs on. */
export async function startDeployFor(
  ctx: ActionContext,
  input: unknown,
): Promise<
  | ActionResult<{ jobId: string; nextIntent: string | null }>
  | { ok: false; error: string; releasedVolume: ReleasedVolume; nextIntent: string | null }
> {
  const parsed = StartDeployInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const { scope, intent, releaseVolume } = parsed.data;
  if (!knownScope(scope)) return failure(`unknown app "${scope}"`);
  const stack = getStack();
  const access = await stackAccess(stack);
  if (!access.can.deploy.allowed) return failure(access.can.deploy.reason ?? "not allowed");
  if (releaseVolume && !access.can.releasePv.allowed)
    return failure(access.can.releasePv.reason ?? "not allowed to release the PV");
  const used = consumeIntent(ctx, intent, "deploy", DEPLOY_TARGET);
  if (!used.ok) return used;
  const nextIntent = issueIntent(ctx, "deploy", DEPLOY_TARGET);
  if (!releaseVolume) {
    let rv: ReleasedVolume | null;
    try {
      rv = await findReleasedVolume(stack.dataVolume.pvName);
    } catch (e) {
      return failure(`cannot read PV ${stack.dataVolume.pvName}: ${k8sError(e).message}`);
    }
    if (rv) {
      return {
        ok: false,
        nextIntent,
        error: `PV ${rv.name} is Released (still claimed by the deleted ${rv.claim}); confirm releasing it so the data claim can bind`,
        releasedVolume: rv,
      };
    }
  }
  const started = jobRegistry().start("deploy", scope);
  if (!started.ok) return failure(started.error);
  auditLog({
    actor: ctx.actor,
    action: "deploy-start",
    target: scope,
    outcome: "succeeded",
    detail: `job ${started.job.id}`,
    client: ctx.client,
  });
  void runDeploy(started.job.id, stack, scope, releaseVolume, ctx).catch((e: unknown) =>
    jobRegistry().finish(
      started.job.id,
      "failed",
      `deploy crashed: ${e instanceof Error ? e.message : String(e)}`,
    ),
  );
  return { ok: true, jobId: started.job.id, nextIntent };
}

/** Step 1 of teardown: rights check and a single-use confirmation. */
export async function prepareTeardownFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ intent: string; namespace: string; pvName: string }>> {
  const parsed = PrepareTeardownInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const stack = getStack();
  const access = await stackAccess(stack);
  if (!access.can.teardown.allowed) return failure(access.can.teardown.reason ?? "not allowed");
  const intent = issueIntent(ctx, "teardown", stack.namespace);
  if (!intent) return failure("too many pending confirmations; try again in a few minutes");
  return { ok: true, intent, namespace: stack.namespace, pvName: stack.dataVolume.pvName };
}

/** The seed's rollback: delete the namespace once the user typed its name. */
export async function teardownFor(
  ctx: ActionContext,
  input: unknown,
): Promise<ActionResult<{ jobId: string }>> {
  const parsed = TeardownInputSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const stack = getStack();
  if (parsed.data.confirm !== stack.namespace)
    return failure(`type the namespace name "${stack.namespace}" to confirm`);
  const used = consumeIntent(ctx, parsed.data.intent, "teardown", stack.namespace);
  if (!used.ok) return used;
  const started = jobRegistry().start("teardown", stack.namespace);
  if (!started.ok) return failure(started.error);
  auditLog({
    actor: ctx.actor,
    action: "teardown-start",
    target: `namespace/${stack.namespace}`,
    outcome: "succeeded",
    detail: `job ${started.job.id}`,
    client: ctx.client,
  });
  void runTeardown(started.job.id, stack, ctx).catch((e: unknown) =>
    jobRegistry().finish(
      started.job.id,
      "failed",
      `teardown crashed: ${e instanceof Error ? e.message : String(e)}`,
    ),
  );
  return { ok: true, jobId: started.job.id };
}

/** A job's current state (for polling clients). */
export function jobFor(input: unknown): ActionResult<{ job: JobView }> {
  const parsed = JobIdSchema.safeParse(input);
  if (!parsed.success) return failure(issueText(parsed.error));
  const job = jobRegistry().get(parsed.data);
  return job
    ? { ok: true, job }
    : failure("no such job (it may have been forgotten after a restart)");
}
