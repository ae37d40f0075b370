import "server-only";
import type { z } from "zod";
import { actionSpec, type ActionRecord } from "@/lib/actions/gate";
import {
  PreviewWiringInputSchema,
  WireAllInputSchema,
  WireStepInputSchema,
} from "@/lib/actions/schemas";
import { evaluateAppChecks, type AppCheckId } from "@/lib/apps/checks";
import { appsConfig } from "@/lib/apps/config";
import {
  ArrIndexersSchema,
  HealthListSchema,
  ItemCountsSchema,
  ProwlarrIndexersSchema,
  QbitCategoriesSchema,
  RootFoldersSchema,
  VirtualFoldersSchema,
} from "@/lib/apps/schemas";
import {
  callApp,
  freshKeys,
  gatherAppsEvidence,
  readApp,
  type GatherOptions,
} from "@/lib/apps/server";
import type { ApiApp, Fetched } from "@/lib/apps/types";
import { consumeIntent, issueIntent, type ActionContext } from "@/lib/auth/server";
import { jobRegistry, type JobView } from "@/lib/jobs/server";
import type { EventTarget } from "@/lib/k8s/events";
import { fail, ok, type Result } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import type { Stack } from "@/lib/stack/types";
import type { WireCheckResult, WireStepProgress } from "./job";
import {
  planWiring,
  stoppedBy,
  touchedChecks,
  type StepOutcome,
  type WiringInputs,
  type WiringStep,
  type WiringStepId,
} from "./plan";
import {
  HistoryTotalSchema,
  MediaManagementFullSchema,
  ProvidersSchema,
  QbitWiringPrefsSchema,
} from "./schemas";

/**
 * The wiring's I/O: read what each app holds (fresh, bounded, through lib/apps `readApp`), plan
 * (./plan.ts), and send a step's requests (lib/apps `callApp`: credentials filled in there, never
 * in a plan, a log line or an error). Wire all runs as a `wire` job of the one registry: steps in
 * dependency order, a failure stops its dependents and the job says which ran; it ends by
 * re-running the checklist items it touched. The actions (`wiringActions`) go through the gate.
 */

const INTENT_ACTION = "wire";
const INTENT_TARGET = "stack";

/** Everything the planner reads, in parallel, never cached (a plan must see the apps as they are). */
async function gatherWiringInputs(stack: Stack, given: GatherOptions = {}): Promise<WiringInputs> {
  const options = await withKeys(stack, given);
  const read = <T>(
    app: ApiApp,
    path: string,
    schema: Parameters<typeof readApp<T>>[3],
  ): Promise<Fetched<T>> => readApp(stack, app, path, schema, options);
  const arr = async (app: "sonarr" | "radarr") => {
    const [rootFolders, downloadClients, clientTemplates, mediaManagement, health, indexers, h] =
      await Promise.all([
        read(app, "/api/v3/rootfolder", RootFoldersSchema),
        read(app, "/api/v3/downloadclient", ProvidersSchema),
        read(app, "/api/v3/downloadclient/schema", ProvidersSchema),
        read(app, "/api/v3/config/mediamanagement", MediaManagementFullSchema),
        read(app, "/api/v3/health", HealthListSchema),
        read(app, "/api/v3/indexer", ArrIndexersSchema),
        read(app, "/api/v3/history?eventType=3&page=1&pageSize=1", HistoryTotalSchema),
      ]);
    const imports: Fetched<number> = h.ok ? { ok: true, data: h.data.totalRecords ?? 0 } : h;
    return {
      rootFolders,
      downloadClients,
      clientTemplates,
      mediaManagement,
      health,
      indexers,
      imports,
    };
  };
  const [
    preferences,
    categories,
    sonarr,
    radarr,
    applications,
    templates,
    pIndexers,
    folders,
    counts,
  ] = await Promise.all([
    read("qbittorrent", "/api/v2/app/preferences", QbitWiringPrefsSchema),
    read("qbittorrent", "/api/v2/torrents/categories", QbitCategoriesSchema),
    arr("sonarr"),
    arr("radarr"),
    read("prowlarr", "/api/v1/applications", ProvidersSchema),
    read("prowlarr", "/api/v1/applications/schema", ProvidersSchema),
    read("prowlarr", "/api/v1/indexer", ProwlarrIndexersSchema),
    read("jellyfin", "/Library/VirtualFolders", VirtualFoldersSchema),
    read("jellyfin", "/Items/Counts", ItemCountsSchema),
  ]);
  const cfg = appsConfig(stack, options.env ?? process.env);
  const services: WiringInputs["services"] = {};
  for (const [app, t] of Object.entries(cfg.targets)) services[app as ApiApp] = t.service;
  return {
    services,
    qbittorrent: { preferences, categories },
    sonarr,
    radarr,
    prowlarr: { applications, templates, indexers: pIndexers },
    jellyfin: { folders, counts },
  };
}

/** `options` with the Secret's keys read once, now (unless given). */
async function withKeys(stack: Stack, options: GatherOptions): Promise<GatherOptions> {
  return options.keys ? options : { ...options, keys: await freshKeys(stack) };
}

/** The plan as the apps stand now. */
export async function currentPlan(
  stack: Stack,
  options: GatherOptions = {},
): Promise<WiringStep[]> {
  return planWiring(await gatherWiringInputs(stack, options));
}

/**
 * Sends one step's requests in order; the first refusal stops the step. Answers how many were
 * sent, and the failure (the app's own message, credentials removed) if any.
 */
async function executeStep(
  stack: Stack,
  step: WiringStep,
  options: GatherOptions = {},
): Promise<Result<{ sent: number }, { sent: number }>> {
  let sent = 0;
  for (const r of step.requests) {
    const res = await callApp(
      stack,
      { app: r.app, method: r.method, path: r.path, json: r.json, form: r.form },
      options,
    );
    sent++;
    if (!res.ok)
      return fail(res.code, `${r.method} ${r.path.split("?")[0]}: ${res.error}`, { sent });
  }
  return ok({ sent });
}

/** Re-runs the checklist items `ids` from fresh answers. */
export async function recheck(
  stack: Stack,
  ids: readonly AppCheckId[],
  options: GatherOptions = {},
): Promise<WireCheckResult[]> {
  // maxAgeMs 0: every answer asked again (the qBittorrent session and the request counts stay).
  const ev = await gatherAppsEvidence(stack, { ...options, maxAgeMs: 0 });
  const widgets = stack.apps.flatMap((a) =>
    a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
  );
  const items = evaluateAppChecks(ev, widgets);
  return ids.map((id) => {
    const i = items[id];
    return { id, title: i.title, verdict: i.verdict, summary: i.summary };
  });
}

const progressOf = (s: WiringStep): WireStepProgress => ({
  id: s.id,
  app: s.app,
  title: s.title,
  planned: s.status,
  state: s.status === "ok" ? "unchanged" : s.status === "blocked" ? "blocked" : "pending",
  message: s.status === "blocked" ? s.reason : undefined,
  sent: 0,
});

/**
 * Runs `steps` (a plan without the optional ones) as job `id`: each fix step in order unless a
 * dependency failed or was skipped, progress per step, then the touched checklist items.
 */
export async function runWire(
  id: string,
  stack: Stack,
  steps: readonly WiringStep[],
  options: GatherOptions = {},
): Promise<void> {
  const reg = jobRegistry();
  options = await withKeys(stack, options);
  const outcomes = new Map<WiringStepId, StepOutcome>();
  const set = (sid: WiringStepId, change: Partial<WireStepProgress>) =>
    reg.update<"wire">(id, (j) => {
      const p = j.detail.steps.find((x) => x.id === sid);
      if (p) Object.assign(p, change);
      if (change.sent) j.detail.sent += change.sent;
    });
  for (const step of steps) {
    if (step.status !== "fix") {
      outcomes.set(step.id, step.status === "ok" ? "unchanged" : "blocked");
      if (step.status === "blocked") reg.log(id, `${step.title}: blocked (${step.reason ?? ""})`);
      continue;
    }
    if (reg.signal(id).aborted) {
      outcomes.set(step.id, "skipped");
      set(step.id, { state: "skipped", message: "cancelled" });
      continue;
    }
    const stop = stoppedBy(step, outcomes);
    if (stop) {
      outcomes.set(step.id, "skipped");
      set(step.id, { state: "skipped", message: `not run: ${stop} did not complete` });
      reg.log(id, `${step.title}: skipped (${stop} did not complete)`);
      continue;
    }
    set(step.id, { state: "running" });
    reg.log(id, `${step.title}: sending ${step.requests.length} request(s)`);
    const r = await executeStep(stack, step, options);
    outcomes.set(step.id, r.ok ? "done" : "failed");
    set(step.id, {
      state: r.ok ? "done" : "failed",
      message: r.ok ? step.reason : r.error,
      sent: r.sent,
    });
    reg.log(id, `${step.title}: ${r.ok ? "done" : `failed: ${r.error}`}`);
  }
  const checks = await recheck(stack, touchedChecks(steps), options);
  reg.update<"wire">(id, (j) => void (j.detail.checks = checks));
  const failed = [...outcomes].filter(([, o]) => o === "failed").map(([s]) => s);
  const skipped = [...outcomes].filter(([, o]) => o === "skipped").map(([s]) => s);
  const ran = [...outcomes].filter(([, o]) => o === "done").map(([s]) => s);
  const passing = checks.filter((c) => c.verdict === "pass").length;
  const summary = `${ran.length} step(s) ran${ran.length ? ` (${ran.join(", ")})` : ""}${failed.length ? `; failed: ${failed.join(", ")}` : ""}${skipped.length ? `; not run: ${skipped.join(", ")}` : ""}; ${passing} of ${checks.length} checklist items pass`;
  reg.finish(id, failed.length ? "failed" : "succeeded", summary);
}

// ---- actions ----

/** The plan and a confirmation for Wire all / a step (read-only: nothing is sent). */
async function previewWiring(
  ctx: ActionContext,
  _input: z.output<typeof PreviewWiringInputSchema>,
): Promise<Result<{ plan: WiringStep[]; intent: string | null }>> {
  const plan = await currentPlan(getStack());
  return ok({ plan, intent: issueIntent(ctx, INTENT_ACTION, INTENT_TARGET) });
}

/** Starts Wire all as a job (one at a time) with the preview's confirmation; answers its id. */
async function wireAll(
  ctx: ActionContext,
  { intent }: z.output<typeof WireAllInputSchema>,
): Promise<Result<{ jobId: string; apps: ApiApp[] }>> {
  const used = consumeIntent(ctx, intent, INTENT_ACTION, INTENT_TARGET);
  if (!used.ok) return used;
  const stack = getStack();
  const reg = jobRegistry();
  if (reg.active("wire")) return fail("conflict", "Wire all is already running");
  const plan = (await currentPlan(stack)).filter((s) => !s.optional);
  const started = reg.start("wire", "all", {
    steps: plan.map(progressOf),
    checks: null,
    sent: 0,
  });
  if (!started.ok) return fail(started.code, started.error);
  const jid = started.job.id;
  void runWire(jid, stack, plan).catch((e: unknown) =>
    reg.finish(jid, "failed", `wiring crashed: ${e instanceof Error ? e.message : String(e)}`),
  );
  return ok({
    jobId: jid,
    apps: [...new Set(plan.filter((s) => s.status === "fix").map((s) => s.app))],
  });
}

/**
 * Runs one step now (including the offered NFS tuning), re-planned first: `ok` sends nothing;
 * `blocked` is a conflict naming what is in the way; a step whose dependency still needs a fix
 * is a conflict naming it. Answers what it sent and its checklist item afterwards.
 */
async function wireStep(
  ctx: ActionContext,
  { step: sid, intent }: z.output<typeof WireStepInputSchema>,
): Promise<Result<{ step: WiringStepId; sent: number; check: WireCheckResult | null }>> {
  const used = consumeIntent(ctx, intent, INTENT_ACTION, INTENT_TARGET);
  if (!used.ok) return used;
  if (jobRegistry().active("wire")) return fail("conflict", "Wire all is running");
  const stack = getStack();
  const opts = await withKeys(stack, {});
  const plan = await currentPlan(stack, opts);
  const step = plan.find((s) => s.id === sid);
  if (!step) return fail("not-found", `no wiring step ${sid}`);
  if (step.status === "blocked") return fail("conflict", step.reason ?? "blocked");
  if (step.status === "ok") return ok({ step: sid, sent: 0, check: null });
  const pending = step.dependsOn.find((d) => plan.find((s) => s.id === d)?.status === "fix");
  if (pending) return fail("conflict", `run ${pending} first`);
  const r = await executeStep(stack, step, opts);
  if (!r.ok) return r;
  const [check] = await recheck(stack, [step.checkId], opts);
  return ok({ step: sid, sent: r.sent, check: check ?? null });
}

const deployment = (stack: Stack, app: ApiApp): EventTarget => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  name: stack.apps.find((a) => a.name === app)?.name ?? app,
  namespace: stack.namespace,
});

function wireRecord(
  _input: z.output<typeof WireAllInputSchema>,
  result: Result<{ jobId: string; apps: ApiApp[] }>,
): ActionRecord {
  if (!result.ok) return { target: "stack" };
  const stack = getStack();
  return {
    target: "stack",
    detail: `wire job ${result.jobId}: ${result.apps.join(", ") || "nothing to change"}`,
    ...(result.apps.length
      ? { event: { on: result.apps.map((a) => deployment(stack, a)), reason: "Wiring" } }
      : {}),
  };
}

function stepRecord(
  input: z.output<typeof WireStepInputSchema>,
  result: Result<{ step: WiringStepId; sent: number }>,
): ActionRecord {
  const app = input.step.split("-")[0] as ApiApp;
  return {
    target: `wiring/${input.step}`,
    detail: result.ok ? `${result.sent} request(s)` : result.error,
    ...(result.ok && result.sent > 0
      ? { event: { on: deployment(getStack(), app), reason: "Wiring" } }
      : {}),
  };
}

/** The wiring's actions for app/actions/wiring.ts (through the one gate). */
export const wiringActions = {
  previewWiring: actionSpec({
    name: "previewWiring",
    input: PreviewWiringInputSchema,
    run: previewWiring,
  }),
  wireAll: actionSpec({
    name: "wireAll",
    input: WireAllInputSchema,
    run: wireAll,
    record: wireRecord,
  }),
  wireStep: actionSpec({
    name: "wireStep",
    input: WireStepInputSchema,
    run: wireStep,
    record: stepRecord,
  }),
};

/** What the setup page starts from: each step's latest job on the server (a reload resumes). */
export interface SetupPageState {
  namespace: string;
  deployJob: JobView<"deploy" | "teardown"> | null;
  wireJob: JobView<"wire"> | null;
  auditJob: JobView<"hardlink-audit"> | null;
  /** The apps' own UIs (HTTPRoute hostnames) for what stays manual. */
  links: { app: string; displayName: string; url: string }[];
}

/** The setup page's state (read-only; confirmations are issued by the actions on demand). */
export function setupPageState(): SetupPageState {
  const stack = getStack();
  const reg = jobRegistry();
  return {
    namespace: stack.namespace,
    deployJob: reg.latest(["deploy", "teardown"]) ?? null,
    wireJob: reg.latest("wire") ?? null,
    auditJob: reg.latest("hardlink-audit") ?? null,
    links: stack.apps.flatMap((a) =>
      a.host ? [{ app: a.name, displayName: a.displayName, url: `https://${a.host}` }] : [],
    ),
  };
}
