// The deploy/operate/teardown lifecycle against the local control plane, through the same
// action specs the server actions run (lib/actions/gate.ts runAction), with a signed-in admin context.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import type { JobView } from "@/lib/jobs/server";
import { deployActions } from "@/lib/deploy/server";
import { workloadActions } from "@/lib/workloads/server";
import { getStack } from "@/lib/stack/server";
import {
  adminContext,
  intentFor,
  kubectl,
  namespaceGone,
  resourceVersions,
  settledResourceVersions,
  waitForJob,
} from "./support/actions";
import { apps, core, waitFor } from "@/e2e/support/kube";

const stack = getStack();
const NS = stack.namespace;
const PV = stack.dataVolume.pvName;
const ctx = adminContext();
/** vitest.config.ts gives the integration tests' server code this admin password. */
const PASSWORD = process.env.ARR_ADMIN_PASSWORD ?? "";

async function deploy(scope = "all", releaseVolume = false) {
  const r = await runAction(deployActions.startDeploy, ctx, {
    scope,
    intent: intentFor(ctx, "deploy", "stack"),
    releaseVolume,
  });
  if (!r.ok) throw new Error(r.error);
  return (await waitForJob(r.jobId)) as JobView<"deploy">;
}

async function teardown() {
  const prep = await runAction(deployActions.prepareTeardown, ctx, {});
  if (!prep.ok) throw new Error(prep.error);
  const r = await runAction(deployActions.teardown, ctx, {
    confirm: NS,
    intent: prep.intent,
    password: PASSWORD,
  });
  if (!r.ok) throw new Error(r.error);
  return waitForJob(r.jobId);
}

async function readyPodUids(app: string): Promise<string[]> {
  const pods = await core.listNamespacedPod({
    namespace: NS,
    labelSelector: `app.kubernetes.io/name=${app}`,
  });
  return pods.items
    .filter(
      (p) =>
        !p.metadata?.deletionTimestamp &&
        p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    )
    .map((p) => p.metadata?.uid ?? "");
}

describe("deploy lifecycle", () => {
  beforeAll(async () => {
    // Start from a cluster where the stack's namespace does not exist.
    await core.deleteNamespace({ name: NS }).catch(() => undefined);
    await namespaceGone(NS);
    // The PV is cluster-scoped and would survive; remove the object (Retain: the NFS data stays).
    await core.deletePersistentVolume({ name: PV }).catch(() => undefined);
    await waitFor(`PV ${PV} gone`, async () =>
      core.readPersistentVolume({ name: PV }).then(
        () => false,
        () => true,
      ),
    );
  });

  afterAll(async () => {
    // Leave the stack deployed for the next test file.
    const job = await deploy("all", true);
    expect(job.status).toBe("succeeded");
  });

  it("deploys from an empty cluster to all five apps Ready, reporting each object", async () => {
    const before = await runAction(deployActions.planDeploy, ctx, { scope: "all" });
    if (!before.ok) throw new Error(before.error);
    expect(before.plan.every((p) => p.action === "create")).toBe(true);
    expect(before.releasedVolume).toBeNull();
    const job = await deploy();
    expect(job.status, job.summary).toBe("succeeded");
    expect(job.detail.rollouts.map((r) => `${r.app}:${r.phase}`).sort()).toEqual(
      stack.apps.map((a) => `${a.name}:ready`).sort(),
    );
    const ns = job.detail.objects.find((o) => o.key === `Namespace/${NS}`);
    expect(ns?.outcome).toBe("created");
    expect(job.detail.objects.filter((o) => o.outcome === "failed")).toEqual([]);
    expect(job.detail.objects).toHaveLength(stack.objects.length);
  });

  it("redeploys with nothing changed: says so and moves no resourceVersion", async () => {
    const plan = await runAction(deployActions.planDeploy, ctx, { scope: "all" });
    if (!plan.ok) throw new Error(plan.error);
    expect(
      plan.plan
        .filter((p) => p.action !== "unchanged")
        .map((p) => `${p.key}: ${p.action} ${JSON.stringify(p.changes)} ${p.message ?? ""}`),
    ).toEqual([]);
    const before = await settledResourceVersions(NS);
    const job = await deploy();
    expect(job.status).toBe("succeeded");
    expect(job.summary).toMatch(/^Nothing changed: all \d+ objects unchanged; 5\/5 apps Ready/);
    expect(job.detail.objects.every((o) => o.outcome === "unchanged")).toBe(true);
    expect(resourceVersions(NS)).toEqual(before);
  });

  it("previews a field-level diff of a live change without applying it", async () => {
    await apps.patchNamespacedDeployment({
      name: "sonarr",
      namespace: NS,
      body: [
        { op: "replace", path: "/spec/template/spec/containers/0/env/0/value", value: "UTC-test" },
      ],
    });
    const before = await settledResourceVersions(NS);
    const plan = await runAction(deployActions.planDeploy, ctx, { scope: "sonarr" });
    if (!plan.ok) throw new Error(plan.error);
    const dep = plan.plan.find((p) => p.key === `Deployment/${NS}/sonarr`);
    expect(dep?.action).toBe("update");
    expect(dep?.changes).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(
          /^spec\.template\.spec\.containers\[name=sonarr\]\.env\[name=\w+\]\.value$/,
        ),
        op: "change",
        before: '"UTC-test"',
      }),
    ]);
    expect(resourceVersions(NS)).toEqual(before);
    const job = await deploy("sonarr");
    expect(job.status).toBe("succeeded");
    expect(job.detail.objects.find((o) => o.key === `Deployment/${NS}/sonarr`)?.outcome).toBe(
      "configured",
    );
  });

  it("restart replaces the pod and records an Event", async () => {
    const [old] = await readyPodUids("sonarr");
    expect(old).toBeTruthy();
    const prep = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "restart",
      app: "sonarr",
    });
    if (!prep.ok) throw new Error(prep.error);
    const r = await runAction(workloadActions.restartApp, ctx, {
      app: "sonarr",
      intent: prep.intent,
    });
    expect(r).toMatchObject({ ok: true });
    await waitFor("a new Ready sonarr pod", async () => {
      const uids = await readyPodUids("sonarr");
      return uids.length === 1 && uids[0] !== old;
    });
    // The same confirmation cannot be replayed.
    expect(
      await runAction(workloadActions.restartApp, ctx, { app: "sonarr", intent: prep.intent }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already used/),
    });
    const events = JSON.parse(kubectl(["get", "events.events.k8s.io", "-n", NS, "-o", "json"])) as {
      items: { reason: string; regarding: { name: string }; note: string }[];
    };
    expect(
      events.items.some(
        (e) =>
          e.reason === "RolloutRestart" &&
          e.regarding.name === "sonarr" &&
          /restart by admin: succeeded/.test(e.note),
      ),
    ).toBe(true);
  });

  it("stops and starts an app through the scale subresource; a deploy never undoes a stop", async () => {
    const stop = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "stop",
      app: "radarr",
    });
    if (!stop.ok) throw new Error(stop.error);
    expect(
      await runAction(workloadActions.scaleApp, ctx, {
        app: "radarr",
        replicas: 0,
        intent: stop.intent,
      }),
    ).toEqual({
      ok: true,
      app: "radarr",
      replicas: 0,
    });
    await waitFor(
      "radarr has no pods",
      async () =>
        (
          await core.listNamespacedPod({
            namespace: NS,
            labelSelector: "app.kubernetes.io/name=radarr",
          })
        ).items.length === 0,
    );
    const job = await deploy();
    expect(job.detail.rollouts.find((r) => r.app === "radarr")?.phase).toBe("stopped");
    expect(
      (await apps.readNamespacedDeployment({ name: "radarr", namespace: NS })).spec?.replicas,
    ).toBe(0);
    const start = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "start",
      app: "radarr",
    });
    if (!start.ok) throw new Error(start.error);
    expect(
      await runAction(workloadActions.scaleApp, ctx, {
        app: "radarr",
        replicas: 1,
        intent: start.intent,
      }),
    ).toEqual({
      ok: true,
      app: "radarr",
      replicas: 1,
    });
    await waitFor("radarr Ready again", async () => (await readyPodUids("radarr")).length === 1);
  });

  it("reports a missing CRD on its objects while the rest applies", async () => {
    const crdFile = join(
      process.cwd(),
      "e2e/cluster/manifests/crds/cilium-network-policy-crd.yaml",
    );
    kubectl(["delete", "-f", crdFile, "--wait=true"]);
    try {
      const job = await deploy();
      const policy = job.detail.objects.filter((o) => o.kind === "CiliumNetworkPolicy");
      expect(policy.length).toBeGreaterThan(0);
      for (const p of policy) {
        expect(p.outcome).toBe("failed");
        expect(p.message).toMatch(
          /does not serve cilium\.io\/v2 CiliumNetworkPolicy — is its CustomResourceDefinition installed\?/,
        );
      }
      expect(
        job.detail.objects
          .filter((o) => o.kind !== "CiliumNetworkPolicy")
          .every((o) => o.outcome === "unchanged"),
      ).toBe(true);
      expect(job.detail.rollouts.every((r) => r.phase === "ready")).toBe(true);
      expect(job.status).toBe("failed");
    } finally {
      kubectl(["apply", "-f", crdFile]);
      kubectl([
        "wait",
        "--for=condition=Established",
        "crd/ciliumnetworkpolicies.cilium.io",
        "--timeout=60s",
      ]);
    }
  });

  it("tears down, keeps the PV and its data, and a later deploy (with the release step) brings everything back", async () => {
    const root = process.env.ARR_NFS_ROOT as string;
    mkdirSync(join(root, "media", "movies"), { recursive: true });
    const marker = join(root, "media", "movies", `keep-${Date.now()}.txt`);
    writeFileSync(marker, "survives teardown\n");

    // Typing the wrong name changes nothing.
    const prep = await runAction(deployActions.prepareTeardown, ctx, {});
    if (!prep.ok) throw new Error(prep.error);
    expect(
      await runAction(deployActions.teardown, ctx, {
        confirm: "medi",
        intent: prep.intent,
        password: PASSWORD,
      }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/type the namespace name/),
    });
    // Step-up: without the right password, nothing is deleted (issue 17, item 8).
    expect(
      await runAction(deployActions.teardown, ctx, {
        confirm: NS,
        intent: prep.intent,
        password: "not-the-password",
      }),
    ).toMatchObject({ ok: false, code: "forbidden", error: "Wrong password." });
    expect((await core.readNamespace({ name: NS })).status?.phase).toBe("Active");

    const down = await teardown();
    expect(down.status, down.summary).toBe("succeeded");
    expect(down.summary).toMatch(/kept \(Released\)/);
    await namespaceGone(NS, 5_000);
    const pv = await core.readPersistentVolume({ name: PV });
    expect(pv.status?.phase).toBe("Released");
    expect(existsSync(marker)).toBe(true);

    // Without the release confirmation the deploy refuses and says why.
    const refused = await runAction(deployActions.startDeploy, ctx, {
      scope: "all",
      intent: intentFor(ctx, "deploy", "stack"),
      releaseVolume: false,
    });
    expect(refused).toMatchObject({ ok: false, releasedVolume: { name: PV } });

    const up = await deploy("all", true);
    expect(up.status, up.summary).toBe("succeeded");
    expect(up.log.some((l) => /released from stale claim/.test(l.text))).toBe(true);
    expect((await core.readPersistentVolume({ name: PV })).status?.phase).toBe("Bound");
    expect(readFileSync(marker, "utf8")).toBe("survives teardown\n");
    const events = JSON.parse(
      kubectl(["get", "events.events.k8s.io", "-n", "default", "-o", "json"]),
    ) as { items: { reason: string; related?: { name: string } }[] };
    // Cluster-scoped objects: the Event regards the dashboard, the PV is `related`
    // (lib/audit/event-placement.ts); outside a pod it lands in `default`.
    expect(events.items.some((e) => e.reason === "StackTornDown" && e.related?.name === PV)).toBe(
      true,
    );
    expect(events.items.some((e) => e.reason === "ClaimRefCleared" && e.related?.name === PV)).toBe(
      true,
    );
  });
});
