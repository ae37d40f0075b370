// The Verification Checklist, NFS health and hardlink audit against the local control plane:
// each item turns red when broken (claim unbound, pod missing, torrents and media on different
// devices, route without its Gateway, copies instead of hardlinks) and green when fixed. The
// audit runs through the API server's pod exec into a KWOK "pod" whose /data is $ARR_NFS_ROOT.
import { formatBytes } from "@/lib/format";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { APP_CHECK_IDS } from "@/lib/apps/checks";
import { gatherChecklist } from "@/lib/checks/server";
import type { CheckItem } from "@/lib/checks/types";
import { hardlinkActions, runHardlinkAudit } from "@/lib/hardlinks/server";
import { jobRegistry, type JobView } from "@/lib/jobs/server";
import { getLiveModel, stopLiveModel } from "@/lib/k8s/live";
import { nfsProber } from "@/lib/nfs/server";
import { dataPodTargets } from "@/lib/stack/pods";
import { adminContext } from "./support/actions";
import { getStack } from "@/lib/stack/server";
import { GET as homepage } from "@/app/api/homepage/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { apps, core, kc, mergePatch, statusOf, waitFor } from "@/e2e/support/kube";
import { applyStack, deleteStack, ensureGateway, waitStackReady } from "@/e2e/support/stack";
import { buildTree, clearTree, type TreeExpectation } from "./support/nfs-tree";
import { custom } from "./support/custom";

const stack = getStack();
const nfsRoot = process.env.ARR_NFS_ROOT ?? "";
const kwokPid = process.env.ARR_KWOK_PID ?? "";

/** A fresh round of NFS probes (as the schedule runs them), then the checklist. */
async function probedChecklist() {
  await nfsProber().probe();
  return gatherChecklist();
}

async function item(id: string): Promise<CheckItem> {
  const { report } = await probedChecklist();
  const found = report.items.find((i) => i.id === id);
  if (!found) throw new Error(`no checklist item ${id}`);
  return found;
}

/** Polls the checklist until `id` has `verdict`; returns the item. */
async function expectVerdict(
  id: string,
  verdict: CheckItem["verdict"],
  timeoutMs = 60_000,
): Promise<CheckItem> {
  let last: CheckItem | undefined;
  try {
    return await waitFor(
      `${id} ${verdict}`,
      async () => ((last = await item(id)).verdict === verdict ? last : null),
      timeoutMs,
    );
  } catch (error) {
    throw new Error(
      `${id}: expected ${verdict}, last ${last?.verdict}: ${last?.summary}\n${last?.evidence.join("\n")}`,
      { cause: error },
    );
  }
}

function inKwokNamespace(...argv: string[]): void {
  execFileSync("nsenter", ["-t", kwokPid, "-m", "--", ...argv]);
}

type AuditDetail = JobView<"hardlink-audit">["detail"];

/** Starts the audit through its action (as the page does) and waits for the job to end. */
async function auditToEnd(): Promise<AuditDetail> {
  const started = await runAction(hardlinkActions.startHardlinkAudit, adminContext(), {});
  if (!started.ok) throw new Error(started.error);
  return new Promise((resolve) => {
    const off = jobRegistry().subscribe(started.id, (v) => {
      if (v.status !== "running" && v.kind === "hardlink-audit") {
        queueMicrotask(() => off());
        resolve(v.detail);
      }
    });
  });
}

function expectCounts(run: AuditDetail["run"], exp: TreeExpectation): void {
  const r = run?.report;
  expect(run?.outcome.complete).toBe(true);
  // F12: the trailer arrived and every stat batch's names are accounted for.
  expect(run?.report?.completeness).toMatchObject({ complete: true, pid: expect.any(Number) });
  expect(r).toBeTruthy();
  if (!r) return;
  expect({ files: r.media.files, bytes: r.media.bytes }).toEqual(exp.media);
  expect(r.media.linked).toMatchObject(exp.linked);
  expect(r.media.copies).toMatchObject(exp.copies);
  expect(r.media.standalone).toMatchObject(exp.standalone);
  expect({ files: r.torrents.files, bytes: r.torrents.bytes }).toEqual(exp.torrents);
  expect(r.torrents.orphans).toMatchObject(exp.orphans);
  expect(r.bytesWasted).toBe(exp.copies.bytes);
  expect(r.cannotCheck.count).toBe(exp.cannotCheck);
}

beforeAll(async () => {
  if (!nfsRoot || !kwokPid)
    throw new Error("ARR_NFS_ROOT and ARR_KWOK_PID must be set (npm run cluster:up prints them)");
  execFileSync("nsenter", [
    "-t",
    kwokPid,
    "-m",
    "--",
    "sh",
    "-c",
    "umount /data/media 2>/dev/null; true",
  ]);
  await deleteStack(kc, stack);
  clearTree(nfsRoot);
  await ensureGateway(kc);
  await getLiveModel().ready();
}, 240_000);

afterAll(async () => {
  if (kwokPid)
    execFileSync("nsenter", [
      "-t",
      kwokPid,
      "-m",
      "--",
      "sh",
      "-c",
      "umount /data/media 2>/dev/null; true",
    ]);
  await stopLiveModel();
});

describe("Verification Checklist on the local control plane", () => {
  it("an unbound data claim and pods that cannot start are red", async () => {
    await applyStack(kc, stack, (o) => o.kind === "PersistentVolume");
    const nfs = await expectVerdict("nfs-bound", "fail");
    expect(nfs.summary).toBe(`PVC ${stack.dataVolume.pvcName} is Pending`);
    const pods = await expectVerdict("pods-running", "fail");
    expect(pods.summary).toMatch(/of 5 apps have a Ready pod/);
  });

  it("binding the PV turns them green, with NFS reachable from every pod that mounts it", async () => {
    buildTree(nfsRoot, { linked: 2, copies: 0, standalone: 1, orphans: 1 });
    await applyStack(kc, stack);
    await waitStackReady(kc, stack);
    await expectVerdict("pods-running", "pass");
    const nfs = await expectVerdict("nfs-bound", "pass");
    const mounters = stack.apps.filter((a) => a.mountsData).length;
    expect(
      nfs.evidence.filter((e) =>
        e.endsWith(
          "mounted, one mount for torrents/ and media/, link test passed, writable where needed",
        ),
      ),
    ).toHaveLength(mounters);
    const { nfs: snapshot } = await probedChecklist();
    const qbit = snapshot?.results.find((r) => r.app === "qbittorrent");
    expect(
      qbit?.result.ok && qbit.result.health.findings.find((f) => f.name === "writable")?.detail,
    ).toMatch(/^\/data\/torrents is writable for the app's PUID:PGID 1000:1000/);
  });

  it("a missing pod turns pods-running red and back to green", async () => {
    await apps.patchNamespacedDeploymentScale(
      { namespace: stack.namespace, name: "jellyfin", body: { spec: { replicas: 0 } } },
      mergePatch,
    );
    const red = await expectVerdict("pods-running", "fail");
    expect(red.evidence).toContain("Jellyfin: no pod");
    await apps.patchNamespacedDeploymentScale(
      { namespace: stack.namespace, name: "jellyfin", body: { spec: { replicas: 1 } } },
      mergePatch,
    );
    await expectVerdict("pods-running", "pass");
  });

  it("hardlink audit through exec: exact counts and bytes; copies are red, a clean tree is green", async () => {
    const withCopies = buildTree(nfsRoot, {
      linked: 6,
      copies: 3,
      standalone: 2,
      orphans: 4,
      tooLong: 2,
      oddNames: true,
    });
    const run = await auditToEnd();
    expect(run.pod).toMatch(/^radarr-/);
    expectCounts(run.run, withCopies);
    const red = await expectVerdict("hardlinks", "fail");
    expect(red.summary).toBe(
      `3 media files are copies: ${formatBytes(withCopies.copies.bytes)} stored twice`,
    );

    const unreadable = buildTree(nfsRoot, {
      linked: 2,
      copies: 0,
      standalone: 0,
      orphans: 0,
      tooLong: 1,
    });
    expectCounts((await auditToEnd()).run, unreadable);
    expect((await expectVerdict("hardlinks", "could-not-check")).summary).toBe(
      "1 entry could not be checked: 1 other error",
    );

    const clean = buildTree(nfsRoot, { linked: 5, copies: 0, standalone: 1, orphans: 2 });
    expectCounts((await auditToEnd()).run, clean);
    expect((await expectVerdict("hardlinks", "pass")).summary).toBe(
      "5 of 6 media files share an inode with a torrent",
    );
  });

  it("cancel and timeout stop the audit and never report a verdict from a partial read", async () => {
    buildTree(nfsRoot, { linked: 1, copies: 0, standalone: 0, orphans: 0 });
    const [pick] = dataPodTargets(stack, getLiveModel().snapshot().pods);
    if (!pick) throw new Error("no pod to audit");
    const controller = new AbortController();
    controller.abort();
    const cancelled = await runHardlinkAudit(pick.target, "/data", { signal: controller.signal });
    expect(cancelled.outcome).toEqual({
      complete: false,
      reason: "exec cancelled before it started",
    });
    const timedOut = await runHardlinkAudit(pick.target, "/data", { timeoutMs: 1 });
    expect(timedOut.outcome.complete).toBe(false);
    expect(!timedOut.outcome.complete && timedOut.outcome.reason).toMatch(/within 1 ms/);
  });

  // F6: cancel ends the remote process (second exec kills the pid the script printed, then
  // confirms it is gone); one exec check per pod while it runs.
  it("a cancelled audit ends its remote find and confirms it gone; a second check in that pod waits", async () => {
    buildTree(nfsRoot, { linked: 20_000, copies: 0, standalone: 0, orphans: 0 });
    const [pick] = dataPodTargets(stack, getLiveModel().snapshot().pods);
    if (!pick) throw new Error("no pod to audit");
    const controller = new AbortController();
    let second: ReturnType<typeof runHardlinkAudit> | undefined;
    const first = await runHardlinkAudit(pick.target, "/data", {
      signal: controller.signal,
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.stdoutBytes === 0 || controller.signal.aborted) return;
        second ??= runHardlinkAudit(pick.target, "/data");
        controller.abort();
      },
    });
    expect(second).toBeDefined();
    const refused = await second;
    expect(refused?.outcome).toEqual({
      complete: false,
      reason: expect.stringMatching(/^hardlink audit is still running in /),
    });
    expect(first.outcome.complete).toBe(false);
    const reason = first.outcome.complete ? "" : first.outcome.reason;
    const m = /the audit's process \(pid (\d+)\) was ended in the pod/.exec(reason);
    expect(m, reason).not.toBeNull();
    // KWOK runs exec as a host process: the pid is ours to look at (its parent reaps it soon).
    const alive = () => {
      try {
        process.kill(Number(m?.[1]), 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
    // The pod is free again.
    const again = await runHardlinkAudit(pick.target, "/data");
    expect(again.outcome.complete).toBe(true);
  }, 180_000);

  it("torrents and media on different devices turn NFS and hardlinks red, and green once fixed", async () => {
    buildTree(nfsRoot, { linked: 2, copies: 0, standalone: 0, orphans: 0 });
    await auditToEnd();
    await expectVerdict("hardlinks", "pass");
    inKwokNamespace("mount", "-t", "tmpfs", "tmpfs", "/data/media");
    try {
      inKwokNamespace("mkdir", "-p", "/data/media/movies", "/data/media/tv");
      const nfs = await expectVerdict("nfs-bound", "fail");
      expect(nfs.summary).toMatch(
        /torrents\/ is on device \d+ but media\/ on \d+: hardlinks are impossible \(separate mounts: \/data\/media tmpfs\)/,
      );
      expect((await expectVerdict("hardlinks", "fail")).summary).toBe(
        "A hardlink from torrents/ into media/ cannot be made: imports become copies",
      );
    } finally {
      inKwokNamespace("umount", "/data/media");
    }
    await expectVerdict("nfs-bound", "pass");
    await expectVerdict("hardlinks", "pass");
  });

  it("HTTPRoutes are red without their Gateway and green with it", async () => {
    await expectVerdict("httproutes", "pass");
    await custom
      .deleteNamespacedCustomObject({
        group: "gateway.networking.k8s.io",
        version: "v1",
        plural: "gateways",
        namespace: "gateway",
        name: "homelab-gateway",
      })
      .catch((e: unknown) => {
        if (statusOf(e) !== 404) throw e;
      });
    const red = await expectVerdict("httproutes", "fail");
    expect(red.summary).toMatch(
      /Accepted=False on gateway\/homelab-gateway(#[\w-]+)? \(NoMatchingParent/,
    );
    await ensureGateway(kc);
    await expectVerdict("httproutes", "pass");
  });

  it("budget fits the three homelab nodes, and not when they are cordoned", async () => {
    const b = await expectVerdict("budget", "pass");
    expect(b.summary).toMatch(/^Requests 1000m CPU and 1\.4Gi memory/); // the seed's Resource Budget total
    const nodes = (await core.listNode()).items.map((n) => n.metadata?.name ?? "");
    const cordon = (unschedulable: boolean) =>
      Promise.all(
        nodes.map((name) =>
          core.patchNode({ name, body: { spec: { unschedulable } } }, mergePatch),
        ),
      );
    await cordon(true);
    try {
      expect((await expectVerdict("budget", "fail")).summary).toMatch(
        /^5 pods would not fit: .*no schedulable node/,
      );
    } finally {
      await cordon(false);
    }
    await expectVerdict("budget", "pass");
  });

  it("Homepage summary: 401 without the right token, the widget's fields with it", async () => {
    process.env.ARR_HOMEPAGE_TOKEN = "test-homepage-token-123";
    const url = "http://dash.local/api/homepage";
    expect((await homepage(new Request(url))).status).toBe(401);
    expect(
      (await homepage(new Request(url, { headers: { authorization: "Bearer wrong-token" } })))
        .status,
    ).toBe(401);
    const res = await homepage(
      new Request(url, { headers: { authorization: "Bearer test-homepage-token-123" } }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body)).not.toContain("error");
    expect(body.apps).toMatchObject({ healthy: 5, total: 5 });
    expect(body.pods).toMatchObject({ ready: 5, total: 5 });
    // The seven app items read the stand-ins, "half wired" by default (apps.int.test.ts covers
    // them): none of the cluster's own items fails, and the counts are the checklist's.
    const { report } = await gatherChecklist();
    const appIds = new Set<string>(APP_CHECK_IDS);
    expect(report.items.filter((i) => i.verdict === "fail" && !appIds.has(i.id))).toEqual([]);
    expect(body.checks?.failed).toBe(report.counts.fail);
    expect(body.checks?.notChecked).toBe(0);
    for (const path of [
      "apps.healthy",
      "apps.total",
      "pods.ready",
      "pods.total",
      "checks.failed",
      "hardlinks.bytesWasted",
    ]) {
      const [a, b] = path.split(".") as [string, string];
      expect(typeof body[a]?.[b], path).toBe("number");
    }
    const metricsText = await (
      await metricsRoute(new Request("http://dash.local/api/metrics"))
    ).text();
    expect(metricsText).toMatch(
      /arr_dashboard_http_requests_total\{route="\/api\/homepage",method="GET",code="401"\} 2/,
    );
    expect(metricsText).toMatch(/arr_dashboard_watch_state\{kind="pods",state="synced"\} 1/);
    expect(metricsText).toMatch(
      /arr_dashboard_checks_total\{check="hardlinks",verdict="pass"\} \d+/,
    );
    expect(metricsText).toMatch(
      /arr_dashboard_hardlink_audit_duration_seconds_count\{outcome="complete"\} \d+/,
    );
    // The process gauges report this process (the route runs in it here): within 10% of its RSS.
    const rss = Number(
      /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metricsText)?.[1],
    );
    expect(Math.abs(rss / process.memoryUsage().rss - 1)).toBeLessThan(0.1);
    expect(metricsText).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metricsText).toMatch(/^process_start_time_seconds \d{10}$/m);
  });
});
