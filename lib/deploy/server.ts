import "server-only";
import type { z } from "zod";
import { recordAction } from "@/lib/action-log/server";
import { actionSpec, type ActionRecord } from "@/lib/actions/gate";
import { stackAccess } from "@/lib/actions/availability";
import {
  PlanDeployInputSchema,
  PrepareDeployInputSchema,
  PrepareTeardownInputSchema,
  StartDeployInputSchema,
  TeardownInputSchema,
} from "@/lib/actions/schemas";
import { confirmPassword, consumeIntent, issueIntent, type ActionContext } from "@/lib/auth/server";
import type { AccessView } from "@/lib/k8s/access";
import type { ClusterView } from "@/lib/cluster/types";
import { podHealth } from "@/lib/health/pod";
import { jobRegistry, type JobView } from "@/lib/jobs/server";
import { applyObject, newObjectApi, objectKey, planObjects } from "@/lib/k8s/apply";
import { k8sError } from "@/lib/k8s/errors";
import { getLiveModel, type LiveModel } from "@/lib/k8s/live";
import { deleteNamespace } from "@/lib/k8s/namespace";
import { findReleasedVolume, releaseVolume } from "@/lib/k8s/volumes";
import { fail, ok, type Result } from "@/lib/result";
import { appPods } from "@/lib/stack/pods";
import { getStack } from "@/lib/stack/server";
import type { Stack, StackApp } from "@/lib/stack/types";
import type { ObjectProgress, RolloutProgress } from "./job";
import { lintManifests, type LintFinding } from "./lint";
import type { ObjectPlan, ReleasedVolume } from "./plan";
import { rolloutSettled, rolloutState } from "./rollout";
import { applyWaves, appsForScope, objectsForScope } from "./scope";

/**
 * Deploy, preview and teardown: the action specs (`deployActions`) that app/actions/deploy.ts
 * exposes through the one gate (lib/actions/gate.ts). Deploy and teardown run as jobs
 * (lib/jobs) and observe the cluster through the live model (lib/k8s/live): the same watches,
 * the same rollout rule (lib/deploy/rollout.ts → lib/health) and the same pod rule
 * (lib/stack/pods.ts) as every page, so the deploy page and the overview never disagree.
 */

/** Deploy intents are bound to the action, not the scope: the scope is re-validated on use. */
const DEPLOY_TARGET = "stack";

function rolloutTimeoutMs(): number {
  const s = Number(process.env.ARR_DEPLOY_TIMEOUT_SECONDS ?? 300);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 300_000;
}

export interface DeployPageState {
  namespace: string;
  pvName: string;
  apps: { name: string; displayName: string }[];
  access: AccessView;
  releasedVolume: ReleasedVolume | null;
  /** Set when the API server could not be asked about the PV */
  volumeError?: string;
  latestJob?: JobView<"deploy" | "teardown">;
}

/**
 * Everything the deploy page renders with. Read-only: confirmations are issued on demand by the
 * prepare/plan actions, never while a page renders.
 */
export async function deployPageState(): Promise<DeployPageState> {
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
    latestJob: jobRegistry().latest(["deploy", "teardown"]),
  };
}

function knownScope(stack: Stack, scope: string): boolean {
  return scope === "all" || stack.apps.some((a) => a.name === scope);
}

/** A fresh single-use deploy confirmation. */
async function prepareDeploy(ctx: ActionContext): Promise<Result<{ intent: string }>> {
  const access = await stackAccess();
  if (!access.can.deploy.allowed)
    return fail("forbidden", access.can.deploy.reason ?? "not allowed");
  const intent = issueIntent(ctx, "deploy", DEPLOY_TARGET);
  return intent
    ? ok({ intent })
    : fail("busy", "too many pending confirmations; try again in a few minutes");
}

/** "What would change": server-side dry-run per object against the live state (changes nothing). */
async function planDeploy(
  ctx: ActionContext,
  { scope }: z.output<typeof PlanDeployInputSchema>,
): Promise<
  Result<{
    plan: ObjectPlan[];
    lint: LintFinding[];
    releasedVolume: ReleasedVolume | null;
    intent: string | null;
  }>
> {
  const stack = getStack();
  if (!knownScope(stack, scope)) return fail("not-found", `unknown app "${scope}"`);
  const access = await stackAccess(stack);
  if (!access.reachable)
    return fail("unreachable", access.can.deploy.reason ?? "API server unreachable");
  try {
    const objects = objectsForScope(stack, scope);
    const plan = await planObjects(objects);
    const releasedVolume = await findReleasedVolume(stack.dataVolume.pvName);
    return ok({
      plan,
      lint: lintManifests(objects),
      releasedVolume,
      intent: issueIntent(ctx, "deploy", DEPLOY_TARGET),
    });
  } catch (e) {
    const info = k8sError(e);
    return fail(info.status === 0 ? "unreachable" : "failed", `preview failed: ${info.message}`);
  }
}

/**
 * Starts a deploy job (one stack job at a time) and returns its id at once; the job runs on.
 * A Released data PV without the user's consent answers `released-pv` with the volume to show.
 */
async function startDeploy(
  ctx: ActionContext,
  { scope, intent, releaseVolume: release, takeOverDrift }: z.output<typeof StartDeployInputSchema>,
): Promise<
  Result<
    { jobId: string; nextIntent: string | null },
    { nextIntent?: string | null; releasedVolume?: ReleasedVolume }
  >
> {
  const stack = getStack();
  if (!knownScope(stack, scope)) return fail("not-found", `unknown app "${scope}"`);
  const access = await stackAccess(stack);
  if (!access.can.deploy.allowed)
    return fail("forbidden", access.can.deploy.reason ?? "not allowed");
  if (release && !access.can.releasePv.allowed)
    return fail("forbidden", access.can.releasePv.reason ?? "not allowed to release the PV");
  const used = consumeIntent(ctx, intent, "deploy", DEPLOY_TARGET);
  if (!used.ok) return used;
  const nextIntent = issueIntent(ctx, "deploy", DEPLOY_TARGET);
  if (!release) {
    let rv: ReleasedVolume | null;
    try {
      rv = await findReleasedVolume(stack.dataVolume.pvName);
    } catch (e) {
      return fail(
        "unreachable",
        `cannot read PV ${stack.dataVolume.pvName}: ${k8sError(e).message}`,
        { nextIntent },
      );
    }
    if (rv)
      return fail(
        "released-pv",
        `PV ${rv.name} is Released (still claimed by the deleted ${rv.claim}); confirm releasing it so the data claim can bind`,
        { nextIntent, releasedVolume: rv },
      );
  }
  const objects = objectsForScope(stack, scope);
  const started = jobRegistry().start("deploy", scope, {
    objects: objects.map((o): ObjectProgress => ({
      key: objectKey(o),
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      outcome: "pending",
    })),
    rollouts: appsForScope(stack, scope).map((a): RolloutProgress => ({
      app: a.name,
      phase: "pending",
      message: "waiting for apply",
    })),
  });
  if (!started.ok) return fail(started.code, started.error, { nextIntent });
  const id = started.job.id;
  void runDeploy(id, stack, scope, release, ctx, takeOverDrift === true).catch((e: unknown) =>
    jobRegistry().finish(
      id,
      "failed",
      `deploy crashed: ${e instanceof Error ? e.message : String(e)}`,
    ),
  );
  return ok({ jobId: id, nextIntent });
}

/** The action-log record of starting a deploy (the job records its end on the Deployments). */
function deployStartRecord(
  input: z.output<typeof StartDeployInputSchema>,
  result: Result<{ jobId: string }>,
): ActionRecord {
  return {
    target: input.scope,
    detail: result.ok
      ? `job ${result.jobId}${input.releaseVolume ? ", releasing the data PV" : ""}${input.takeOverDrift ? ", taking over drifted fields" : ""}`
      : result.error,
  };
}

/** Step 1 of teardown: rights check and a single-use confirmation. */
async function prepareTeardown(
  ctx: ActionContext,
): Promise<Result<{ intent: string; namespace: string; pvName: string }>> {
  const stack = getStack();
  const access = await stackAccess(stack);
  if (!access.can.teardown.allowed)
    return fail("forbidden", access.can.teardown.reason ?? "not allowed");
  const intent = issueIntent(ctx, "teardown", stack.namespace);
  if (!intent) return fail("busy", "too many pending confirmations; try again in a few minutes");
  return ok({ intent, namespace: stack.namespace, pvName: stack.dataVolume.pvName });
}

/** The seed's rollback: delete the namespace once the user typed its name. Runs as a job. */
async function teardown(
  ctx: ActionContext,
  { confirm, intent, password }: z.output<typeof TeardownInputSchema>,
): Promise<Result<{ jobId: string }>> {
  const stack = getStack();
  if (confirm !== stack.namespace)
    return fail("invalid", `type the namespace name "${stack.namespace}" to confirm`);
  // Step-up (issue 17, item 8): the password again, under the login throttle.
  const again = await confirmPassword(ctx, "teardown", password);
  if (!again.ok) return fail("forbidden", again.error);
  const used = consumeIntent(ctx, intent, "teardown", stack.namespace);
  if (!used.ok) return used;
  const started = jobRegistry().start("teardown", stack.namespace, {});
  if (!started.ok) return fail(started.code, started.error);
  const id = started.job.id;
  void runTeardown(id, stack, ctx).catch((e: unknown) =>
    jobRegistry().finish(
      id,
      "failed",
      `teardown crashed: ${e instanceof Error ? e.message : String(e)}`,
    ),
  );
  return ok({ jobId: id });
}

/**
 * Resolves once `check` (run on the live model's snapshot now and after every change) returns
 * true, or when `deadlineMs` (epoch ms) passes: resolves to whether `check` was satisfied.
 */
function untilSnapshot(
  live: LiveModel,
  check: (view: ClusterView) => boolean,
  deadlineMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: boolean) => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      resolve(v);
    };
    const evaluate = () => {
      if (check(live.snapshot())) finish(true);
    };
    const off = live.subscribe(evaluate);
    const timer = setTimeout(() => finish(false), Math.max(0, deadlineMs - Date.now()));
    evaluate();
  });
}

/** Why an app's pods are not Ready, in one line, from the live model (the health rules' words). */
function notReadyReason(app: StackApp, view: ClusterView): string {
  const pods = appPods(app, view.pods).filter((p) => !p.deletionTimestamp);
  if (pods.length === 0) return "no pods created yet";
  for (const p of pods) {
    const h = podHealth(p, view.events);
    if (h.status !== "Healthy") return `${p.name}: ${h.reason}`;
  }
  return "its pods are Ready but the rollout has not completed";
}

/**
 * A deploy: optional release of the Released data PV, server-side apply wave by wave in the
 * stack's order (each object's outcome reported as it lands), then the rollouts through the
 * live model until every app is Ready (or stopped) or the timeout passes with the reason.
 */
async function runDeploy(
  jobId: string,
  stack: Stack,
  scope: string,
  releaseVol: boolean,
  ctx: ActionContext,
  takeOverDrift = false,
): Promise<void> {
  const reg = jobRegistry();
  const live = getLiveModel();
  const objects = objectsForScope(stack, scope);
  const apps = appsForScope(stack, scope);
  const counts = { created: 0, configured: 0, unchanged: 0, failed: 0 };
  /** The generation each Deployment had after our apply: older views in the snapshot are stale. */
  const applied = new Map<string, number>();
  const progress = (key: string, p: Partial<ObjectProgress>) =>
    reg.update<"deploy">(jobId, (j) => {
      const o = j.detail.objects.find((x) => x.key === key);
      if (o) Object.assign(o, p);
    });
  try {
    if (releaseVol) {
      const rv = await findReleasedVolume(stack.dataVolume.pvName);
      if (rv) {
        const r = await releaseVolume(rv.name, rv.claimUid);
        reg.log(
          jobId,
          r.ok
            ? `PV ${rv.name} released from stale claim ${rv.claim}: it can bind again (data untouched)`
            : r.error,
        );
        await recordAction(
          {
            actor: ctx.actor,
            action: "release-pv",
            target: `persistentvolume/${rv.name}`,
            outcome: r.ok ? "succeeded" : "failed",
            detail: r.ok ? `cleared claimRef ${rv.claim}` : r.error,
            client: ctx.client,
          },
          { apiVersion: "v1", kind: "PersistentVolume", name: rv.name },
          r.ok ? "ClaimRefCleared" : "ClaimRefClearFailed",
        );
      }
    }

    const api = newObjectApi();
    for (const wave of applyWaves(objects)) {
      for (const o of wave) progress(objectKey(o), { outcome: "applying" });
      await Promise.all(
        wave.map(async (o) => {
          const r = await applyObject(o, api, { takeOverDrift });
          counts[r.outcome] += 1;
          if (r.tookOver?.length)
            reg.log(
              jobId,
              `${objectKey(o)}: took over and removed ${r.tookOver.length} field(s) set outside the manifests: ${r.tookOver.join("; ")}`,
            );
          if (o.kind === "Deployment" && r.generation !== undefined)
            applied.set(o.metadata.name, r.generation);
          progress(objectKey(o), { outcome: r.outcome, message: r.message });
        }),
      );
    }

    reg.update<"deploy">(jobId, (j) =>
      j.detail.rollouts.forEach((r) => {
        if (applied.has(r.app)) Object.assign(r, { phase: "waiting", message: "rolling out" });
        else Object.assign(r, { phase: "failed", message: "its Deployment was not applied" });
      }),
    );

    const pending = new Set(apps.map((a) => a.name).filter((n) => applied.has(n)));
    const deadline = Date.now() + rolloutTimeoutMs();
    await untilSnapshot(
      live,
      (view) => {
        const settled: string[] = [];
        reg.update<"deploy">(jobId, (j) => {
          for (const r of j.detail.rollouts) {
            if (!pending.has(r.app)) continue;
            const d = view.deployments.find((x) => x.name === r.app);
            const next = !d
              ? { phase: "waiting" as const, message: "Deployment not seen by the watch yet" }
              : d.generation < (applied.get(r.app) ?? 0)
                ? {
                    phase: "waiting" as const,
                    message: "waiting for the watch to see the new spec",
                  }
                : (() => {
                    const s = rolloutState(d);
                    if (rolloutSettled(s)) settled.push(r.app);
                    return { phase: s.state, message: s.message };
                  })();
            Object.assign(r, next);
          }
        });
        for (const a of settled) pending.delete(a);
        return pending.size === 0;
      },
      deadline,
    );
    if (pending.size) {
      const view = live.snapshot();
      reg.update<"deploy">(jobId, (j) => {
        for (const r of j.detail.rollouts) {
          const app = apps.find((a) => a.name === r.app);
          if (!pending.has(r.app) || !app) continue;
          r.phase = "timeout";
          r.message = `not Ready after ${Math.round(rolloutTimeoutMs() / 1000)} s: ${notReadyReason(app, view)}`;
        }
      });
    }
  } catch (e) {
    reg.log(jobId, `deploy stopped: ${k8sError(e).message}`);
    counts.failed += 1;
  }

  const job = reg.get(jobId) as JobView<"deploy"> | undefined;
  const rollouts = job?.detail.rollouts ?? [];
  const ready = rollouts.filter((r) => r.phase === "ready").length;
  const stopped = rollouts.filter((r) => r.phase === "stopped").length;
  const badRollouts = rollouts.filter((r) => !["ready", "stopped"].includes(r.phase));
  const changed = counts.created + counts.configured;
  const objectsText =
    changed === 0 && counts.failed === 0
      ? `Nothing changed: all ${counts.unchanged} objects unchanged`
      : `${counts.created} created, ${counts.configured} configured, ${counts.unchanged} unchanged${counts.failed ? `, ${counts.failed} failed` : ""}`;
  const appsText = `${ready}/${rollouts.length} apps Ready${stopped ? `, ${stopped} stopped` : ""}`;
  const success = counts.failed === 0 && badRollouts.length === 0;
  const summary = `${objectsText}; ${appsText}`;
  reg.finish(
    jobId,
    success ? "succeeded" : "failed",
    summary,
    badRollouts.some((r) => r.phase === "timeout") ? "timeout" : "failed",
  );
  // Events need the Deployment's namespace to exist; if the Namespace itself failed, line only.
  const namespaceFailed = job?.detail.objects.some(
    (o) => o.kind === "Namespace" && o.outcome === "failed",
  );
  await recordAction(
    {
      actor: ctx.actor,
      action: "deploy",
      target:
        scope === "all" ? `${stack.namespace}/stack` : `${stack.namespace}/deployment/${scope}`,
      outcome: success ? "succeeded" : "failed",
      detail: summary,
      client: ctx.client,
    },
    namespaceFailed
      ? []
      : apps.map((a) => ({
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: a.name,
          namespace: stack.namespace,
        })),
    success ? "Deployed" : "DeployFailed",
  );
}

/**
 * The seed's rollback: delete the namespace and wait, through the live model's namespace watch,
 * until it is gone. The NFS PV is cluster-scoped with reclaim policy Retain, so it and its data
 * stay (it turns Released).
 */
async function runTeardown(jobId: string, stack: Stack, ctx: ActionContext): Promise<void> {
  const reg = jobRegistry();
  const live = getLiveModel();
  const ns = stack.namespace;
  let gone = false;
  let summary: string;
  const d = await deleteNamespace(ns);
  if (!d.ok) {
    summary = d.error;
  } else {
    reg.log(
      jobId,
      d.alreadyGone ? `namespace ${ns} did not exist` : `namespace ${ns} is being deleted`,
    );
    let last = "";
    gone = await untilSnapshot(
      live,
      (view) => {
        if (view.watches.namespace.state !== "synced") return false;
        if (!view.namespace) return true;
        const text = view.namespace.remaining ?? `phase ${view.namespace.phase}`;
        if (text !== last) reg.log(jobId, text);
        last = text;
        return false;
      },
      Date.now() + rolloutTimeoutMs(),
    );
    const pv = live.snapshot().pvs.find((p) => p.name === stack.dataVolume.pvName);
    const pvText = pv
      ? `PV ${pv.name} kept (${pv.phase}); its NFS data is untouched`
      : `PV ${stack.dataVolume.pvName} not found`;
    summary = gone
      ? `Namespace ${ns} deleted. ${pvText}`
      : `Namespace ${ns} still terminating after the timeout: ${last}. ${pvText}`;
  }
  reg.finish(jobId, gone ? "succeeded" : "failed", summary, d.ok ? "timeout" : "failed");
  await recordAction(
    {
      actor: ctx.actor,
      action: "teardown",
      target: `namespace/${ns}`,
      outcome: gone ? "succeeded" : "failed",
      detail: summary,
      client: ctx.client,
    },
    { apiVersion: "v1", kind: "PersistentVolume", name: stack.dataVolume.pvName },
    gone ? "StackTornDown" : "TeardownFailed",
  );
}

/** The start of a teardown in the action log (the job records its end). */
function teardownStartRecord(result: Result<{ jobId: string }>): ActionRecord {
  return {
    target: `namespace/${getStack().namespace}`,
    detail: result.ok ? `job ${result.jobId}` : result.error,
  };
}

/** The specs of deploy, its preview and confirmation, and teardown. */
export const deployActions = {
  planDeploy: actionSpec({
    name: "plan-deploy",
    input: PlanDeployInputSchema,
    run: planDeploy,
    record: (i) => ({ target: i.scope }),
  }),
  prepareDeploy: actionSpec({
    name: "prepare-deploy",
    input: PrepareDeployInputSchema,
    run: (ctx) => prepareDeploy(ctx),
  }),
  startDeploy: actionSpec({
    name: "deploy",
    input: StartDeployInputSchema,
    run: startDeploy,
    record: deployStartRecord,
  }),
  prepareTeardown: actionSpec({
    name: "prepare-teardown",
    input: PrepareTeardownInputSchema,
    run: (ctx) => prepareTeardown(ctx),
  }),
  teardown: actionSpec({
    name: "teardown",
    input: TeardownInputSchema,
    run: teardown,
    record: (_i, r) => teardownStartRecord(r),
  }),
};
