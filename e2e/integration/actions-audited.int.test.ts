// Every action goes through the one gate and leaves an action-log line and, for what it changed
// or ran in the cluster, a Kubernetes Event (lib/actions/gate.ts). And no GET path execs into a
// pod: the checks page's data and the Homepage summary twice in a row start no exec, counted by
// the API server's own request metrics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { gatherChecklist } from "@/lib/checks/server";
import { deployActions } from "@/lib/deploy/server";
import { hardlinkActions } from "@/lib/hardlinks/server";
import { jobRegistry } from "@/lib/jobs/server";
import { getLiveModel, stopLiveModel } from "@/lib/k8s/live";
import { nfsActions } from "@/lib/nfs/server";
import { getStack } from "@/lib/stack/server";
import { workloadActions } from "@/lib/workloads/server";
import { GET as homepage } from "@/app/api/homepage/route";
import {
  adminContext,
  auditLinesOf,
  dashboardEvents,
  intentFor,
  kubectl,
  waitForJob,
} from "./support/actions";
import { kc, waitFor } from "@/e2e/support/kube";
import { applyStack, waitStackReady } from "@/e2e/support/stack";

const stack = getStack();
const NS = stack.namespace;
const ctx = adminContext();

/** exec requests the API server has served so far (its own metrics). */
function execCount(): number {
  const text = kubectl(["get", "--raw", "/metrics"]);
  return text
    .split("\n")
    .filter((l) => l.startsWith("apiserver_request_total{") && l.includes('subresource="exec"'))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}

beforeAll(async () => {
  await applyStack(kc, stack);
  await waitStackReady(kc, stack);
  await getLiveModel().ready();
}, 240_000);

afterAll(async () => {
  await stopLiveModel();
});

describe("the one action gate", () => {
  it("restart, stop and start: a line each and an Event on the Deployment", async () => {
    const prep = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "restart",
      app: "sonarr",
    });
    if (!prep.ok) throw new Error(prep.error);
    const lines = await auditLinesOf(() =>
      runAction(workloadActions.restartApp, ctx, { app: "sonarr", intent: prep.intent }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: "restart",
        target: `${NS}/deployment/sonarr`,
        outcome: "succeeded",
      }),
    );
    await waitFor("restart Event", async () =>
      (await dashboardEvents(NS, "restart")).some((e) => e.regarding === "Deployment/sonarr"),
    );
    const stop = await auditLinesOf(() =>
      runAction(workloadActions.scaleApp, ctx, {
        app: "radarr",
        replicas: 0,
        intent: intentFor(ctx, "stop", "radarr"),
      }),
    );
    expect(stop).toContainEqual(expect.objectContaining({ action: "scale", outcome: "succeeded" }));
    await runAction(workloadActions.scaleApp, ctx, {
      app: "radarr",
      replicas: 1,
      intent: intentFor(ctx, "start", "radarr"),
    });
    await waitFor("scale Events", async () => (await dashboardEvents(NS, "scale")).length >= 2);
  });

  it("starting and cancelling the hardlink audit, and probe now, are audited with an Event on the pod", async () => {
    await waitStackReady(kc, stack);
    let id = "";
    const started = await auditLinesOf(async () => {
      const r = await runAction(hardlinkActions.startHardlinkAudit, ctx, {});
      if (!r.ok) throw new Error(r.error);
      id = r.id;
    });
    expect(started).toContainEqual(
      expect.objectContaining({ action: "hardlink-audit.start", outcome: "succeeded" }),
    );
    const cancelled = await auditLinesOf(() =>
      runAction(hardlinkActions.cancelHardlinkAudit, ctx, { id }),
    );
    // Cancelling an audit that already finished is refused (a line, no Event); both are audited.
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ action: "hardlink-audit.cancel" });
    await waitFor("the audit ended", async () => jobRegistry().get(id)?.status !== "running");
    const probed = await auditLinesOf(() => runAction(nfsActions.probeNfsNow, ctx, {}));
    expect(probed.length).toBeGreaterThanOrEqual(1);
    expect(probed.every((l) => l.action === "nfs-probe.start" && l.outcome === "succeeded")).toBe(
      true,
    );
    await waitFor("audit and probe Events on pods", async () => {
      const a = await dashboardEvents(NS, "hardlink-audit.start");
      const p = await dashboardEvents(NS, "nfs-probe.start");
      return (
        a.some((e) => e.regarding?.startsWith("Pod/")) &&
        p.some((e) => e.regarding?.startsWith("Pod/"))
      );
    });
  });

  it("bad input is refused with a line and no Event", async () => {
    const before = (await dashboardEvents(NS, "restart")).length;
    const lines = await auditLinesOf(async () => {
      const r = await runAction(workloadActions.restartApp, ctx, { app: "sonarr; rm -rf /" });
      expect(r).toMatchObject({ ok: false, code: "invalid" });
    });
    expect(lines).toEqual([expect.objectContaining({ action: "restart", outcome: "rejected" })]);
    expect((await dashboardEvents(NS, "restart")).length).toBe(before);
  });

  it("a deploy is audited when it starts and records Events on the Deployments when it ends", async () => {
    const lines = await auditLinesOf(async () => {
      const r = await runAction(deployActions.startDeploy, ctx, {
        scope: "prowlarr",
        intent: intentFor(ctx, "deploy", "stack"),
        releaseVolume: false,
      });
      if (!r.ok) throw new Error(r.error);
      expect((await waitForJob(r.jobId)).status).toBe("succeeded");
    });
    expect(lines).toContainEqual(expect.objectContaining({ action: "deploy", target: "prowlarr" }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: "deploy",
        target: `${NS}/deployment/prowlarr`,
        outcome: "succeeded",
      }),
    );
    await waitFor("deploy Event", async () =>
      (await dashboardEvents(NS, "deploy")).some((e) => e.regarding === "Deployment/prowlarr"),
    );
  });
});

describe("no side effects on GET", () => {
  it("the checks page's data and the Homepage summary, twice each, start no exec", async () => {
    process.env.ARR_HOMEPAGE_TOKEN = "integration-homepage-token";
    // Let anything started above (the audit, the probes) finish first.
    await waitFor("no job running", async () => !jobRegistry().active("hardlink-audit"));
    await new Promise((r) => setTimeout(r, 2_000));
    const before = execCount();
    for (let i = 0; i < 2; i++) {
      const page = await gatherChecklist();
      expect(page.report.items.length).toBeGreaterThan(0);
      const res = await homepage(
        new Request("http://dash.local/api/homepage", {
          headers: { authorization: "Bearer integration-homepage-token" },
        }),
      );
      expect(res.status).toBe(200);
    }
    expect(execCount()).toBe(before);
    // The counter does move when an exec runs, so the comparison above can fail.
    await runAction(nfsActions.probeNfsNow, ctx, {});
    await waitFor("the probe's exec counted", async () => execCount() > before);
  });
});
