import "server-only";
import { audit } from "@/lib/audit/audit";
import type { ActionContext } from "@/lib/auth/server";
import { jobRegistry, type ObjectProgress, type RolloutProgress } from "@/lib/deploy/jobs";
import { rolloutSettled, rolloutState } from "@/lib/deploy/rollout";
import { applyWaves, appsForScope, objectsForScope } from "@/lib/deploy/scope";
import { applyObject, newObjectApi, objectKey } from "@/lib/k8s/apply";
import { k8sError } from "@/lib/k8s/errors";
import { deleteNamespace, namespaceState } from "@/lib/k8s/namespace";
import { findReleasedVolume, releaseVolume, volumePhase } from "@/lib/k8s/volumes";
import { listRolloutViews, notReadyReason } from "@/lib/k8s/workloads";
import type { Stack } from "@/lib/stack/types";

const POLL_MS = 250;

function rolloutTimeoutMs(): number {
  const s = Number(process.env.ARR_DEPLOY_TIMEOUT_SECONDS ?? 300);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 300_000;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A deploy: optional release of the Released data PV, server-side apply wave by wave in the
 * stack's order (each object's outcome reported as it lands), then the rollouts until every app
 * is Ready (or stopped) or the timeout passes with the reason. Runs detached; follow it by job id.
 */
export async function runDeploy(
  jobId: string,
  stack: Stack,
  scope: string,
  releaseVol: boolean,
  ctx: ActionContext,
): Promise<void> {
  const reg = jobRegistry();
  const objects = objectsForScope(stack, scope);
  const apps = appsForScope(stack, scope);
  reg.update(jobId, (j) => {
    j.objects = objects.map((o): ObjectProgress => ({
      key: objectKey(o),
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      outcome: "pending",
    }));
    j.rollouts = apps.map((a): RolloutProgress => ({
      app: a.name,
      phase: "pending",
      message: "waiting for apply",
    }));
  });
  const counts = { created: 0, configured: 0, unchanged: 0, failed: 0 };
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
        await audit(
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
      const keys = new Set(wave.map(objectKey));
      reg.update(jobId, (j) =>
        j.objects.forEach((p) => keys.has(p.key) && (p.outcome = "applying")),
      );
      await Promise.all(
        wave.map(async (o) => {
          const r = await applyObject(o, api);
          counts[r.outcome] += 1;
          const key = objectKey(o);
          reg.update(jobId, (j) => {
            const p = j.objects.find((x) => x.key === key);
            if (p) {
              p.outcome = r.outcome;
              p.message = r.message;
            }
          });
        }),
      );
    }

    const failedApps = new Set(
      objects.filter((o) => o.kind === "Deployment").map((o) => o.metadata.name),
    );
    for (const p of reg.get(jobId)?.objects ?? [])
      if (p.kind === "Deployment" && p.outcome !== "failed") failedApps.delete(p.name);
    reg.update(jobId, (j) =>
      j.rollouts.forEach((r) => {
        if (failedApps.has(r.app)) {
          r.phase = "failed";
          r.message = "its Deployment was not applied";
        } else {
          r.phase = "waiting";
          r.message = "rolling out";
        }
      }),
    );

    const deadline = Date.now() + rolloutTimeoutMs();
    let pending = apps.map((a) => a.name).filter((n) => !failedApps.has(n));
    while (pending.length) {
      let views;
      try {
        views = await listRolloutViews(stack.namespace);
      } catch (e) {
        reg.log(jobId, `reading rollouts failed: ${k8sError(e).message}`);
        views = new Map();
      }
      const settled: string[] = [];
      reg.update(jobId, (j) => {
        for (const r of j.rollouts) {
          if (!pending.includes(r.app)) continue;
          const v = views.get(r.app);
          if (!v) {
            r.message = "Deployment not found yet";
            continue;
          }
          const s = rolloutState(v);
          r.phase = s.state;
          r.message = s.message;
          if (rolloutSettled(s)) settled.push(r.app);
        }
      });
      pending = pending.filter((n) => !settled.includes(n));
      if (!pending.length) break;
      if (Date.now() > deadline) {
        const reasons = await Promise.all(
          pending.map(async (n) => [n, await notReadyReason(stack.namespace, n)] as const),
        );
        reg.update(jobId, (j) => {
          for (const [n, why] of reasons) {
            const r = j.rollouts.find((x) => x.app === n);
            if (r) {
              r.phase = "timeout";
              r.message = `not Ready after ${Math.round(rolloutTimeoutMs() / 1000)} s${why ? `: ${why}` : ""}`;
            }
          }
        });
        break;
      }
      await sleep(POLL_MS);
    }
  } catch (e) {
    reg.log(jobId, `deploy stopped: ${k8sError(e).message}`);
    counts.failed += 1;
  }

  const job = reg.get(jobId);
  const rollouts = job?.rollouts ?? [];
  const ready = rollouts.filter((r) => r.phase === "ready").length;
  const stopped = rollouts.filter((r) => r.phase === "stopped").length;
  const badRollouts = rollouts.filter((r) => !["ready", "stopped"].includes(r.phase));
  const changed = counts.created + counts.configured;
  const objectsText =
    changed === 0 && counts.failed === 0
      ? `Nothing changed: all ${counts.unchanged} objects unchanged`
      : `${counts.created} created, ${counts.configured} configured, ${counts.unchanged} unchanged${counts.failed ? `, ${counts.failed} failed` : ""}`;
  const appsText = `${ready}/${rollouts.length} apps Ready${stopped ? `, ${stopped} stopped` : ""}`;
  const ok = counts.failed === 0 && badRollouts.length === 0;
  const summary = `${objectsText}; ${appsText}`;
  reg.finish(jobId, ok ? "succeeded" : "failed", summary);
  await audit(
    {
      actor: ctx.actor,
      action: "deploy",
      target:
        scope === "all" ? `${stack.namespace}/stack` : `${stack.namespace}/deployment/${scope}`,
      outcome: ok ? "succeeded" : "failed",
      detail: summary,
      client: ctx.client,
    },
    failedNamespace(job)
      ? []
      : apps.map((a) => ({
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: a.name,
          namespace: stack.namespace,
        })),
    ok ? "Deployed" : "DeployFailed",
  );
}

function failedNamespace(job: ReturnType<ReturnType<typeof jobRegistry>["get"]>): boolean {
  // Events need the Deployment's namespace to exist; if the Namespace itself failed, skip them.
  return Boolean(job?.objects.some((o) => o.kind === "Namespace" && o.outcome === "failed"));
}

/**
 * The seed's rollback: delete the namespace and wait until it is gone. The NFS PV is
 * cluster-scoped with reclaim policy Retain, so it and its data stay (it turns Released).
 */
export async function runTeardown(jobId: string, stack: Stack, ctx: ActionContext): Promise<void> {
  const reg = jobRegistry();
  const ns = stack.namespace;
  let ok = false;
  let summary: string;
  const d = await deleteNamespace(ns);
  if (!d.ok) {
    summary = d.error;
  } else {
    reg.log(
      jobId,
      d.alreadyGone ? `namespace ${ns} did not exist` : `namespace ${ns} is being deleted`,
    );
    const deadline = Date.now() + rolloutTimeoutMs();
    let last = "";
    for (;;) {
      let st;
      try {
        st = await namespaceState(ns);
      } catch (e) {
        st = { exists: true, remaining: k8sError(e).message };
      }
      if (!st.exists) {
        ok = true;
        break;
      }
      const text = st.remaining ?? `phase ${st.phase ?? "?"}`;
      if (text !== last) reg.log(jobId, text);
      last = text;
      if (Date.now() > deadline) break;
      await sleep(POLL_MS);
    }
    const phase = await volumePhase(stack.dataVolume.pvName).catch(() => null);
    const pvText = phase
      ? `PV ${stack.dataVolume.pvName} kept (${phase}); its NFS data is untouched`
      : `PV ${stack.dataVolume.pvName} not found`;
    summary = ok
      ? `Namespace ${ns} deleted. ${pvText}`
      : `Namespace ${ns} still terminating after the timeout: ${last}. ${pvText}`;
  }
  reg.finish(jobId, ok ? "succeeded" : "failed", summary);
  await audit(
    {
      actor: ctx.actor,
      action: "teardown",
      target: `namespace/${ns}`,
      outcome: ok ? "succeeded" : "failed",
      detail: summary,
      client: ctx.client,
    },
    { apiVersion: "v1", kind: "PersistentVolume", name: stack.dataVolume.pvName },
    ok ? "StackTornDown" : "TeardownFailed",
  );
}
