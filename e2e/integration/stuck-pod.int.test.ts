// F8 end to end: a stack pod stuck Terminating on a node whose kubelet is dead. The node is one
// the KWOK controller does not manage (e2e/cluster/up.sh selects its nodes by the annotation
// kwok.x-k8s.io/node=fake; e2e/support/dead-node.ts), its Ready condition set False: after a
// graceful delete nobody confirms the containers stopped, so the pod stays — as on a real
// cluster (kubernetes/kubernetes#112452). The dashboard runs as its own ServiceAccount (a real
// TokenRequest token, as audit-events.int does): it names the stuck pod as the app's cause,
// warns before a Recreate restart would take the app to zero, and force-deletes the pod only
// after its own confirmation, audited; pods that are not stuck, not the app's, or on a Ready node
// are refused with a clear error and stay as they were.
import type { KubeConfig, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { getLiveModel, stopLiveModel } from "@/lib/k8s/live";
import { appPods } from "@/lib/stack/pods";
import { getStack } from "@/lib/stack/server";
import { buildDashboardView } from "@/lib/view/dashboard";
import { workloadActions } from "@/lib/workloads/server";
import {
  createUnmanagedNode,
  deleteNode,
  moveAppPodTo,
  setNodeReady,
} from "@/e2e/support/dead-node";
import { applyStack, deleteStack, waitStackReady } from "@/e2e/support/stack";
import {
  adminContext,
  auditLinesOf,
  dashboardEvents,
  intentFor,
  namespaceGone,
} from "./support/actions";
import { core, deleteNamespace, kc, statusOf, tempNamespace, waitFor } from "@/e2e/support/kube";
import { applyDashboardIdentity, dashboardTokenConfig } from "./support/manifests";
import { untilSnapshot } from "./support/live";

const stack = getStack();
const NS = stack.namespace;
const APP = "sonarr";
const OTHER = "radarr";
const DEAD = `arr-dead-${process.pid}`;
const ALIVE = `arr-alive-${process.pid}`;
const ctx = adminContext();
const g = globalThis as { __arrKubeConfig?: KubeConfig };
let saved: KubeConfig | undefined;
let stuck: V1Pod;
let otherNs = "";

const app = (name: string) => stack.apps.find((a) => a.name === name)!;
const selectorOf = (name: string) =>
  Object.entries(app(name).selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");

function appHealth(app: string) {
  return buildDashboardView(stack, getLiveModel().snapshot()).apps.find((a) => a.name === app)!
    .health;
}

/** The pod's resourceVersion, or "gone". */
async function versionOf(namespace: string, name: string): Promise<string> {
  return core.readNamespacedPod({ name, namespace }).then(
    (p) => p.metadata!.resourceVersion!,
    (e: unknown) => {
      if (statusOf(e) === 404) return "gone";
      throw e;
    },
  );
}

/** A pod that will stay Terminating: bound to `node` directly, deleted gracefully. */
async function terminatingPod(
  namespace: string,
  node: string,
  labels: Record<string, string>,
): Promise<string> {
  const pod = await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { generateName: "arr-f8-", labels },
      spec: { nodeName: node, containers: [{ name: "c", image: "registry.invalid/pause:1" }] },
    },
  });
  const name = pod.metadata!.name!;
  await core.deleteNamespacedPod({ name, namespace });
  // The live model watches the stack's namespace only.
  if (namespace === NS)
    await untilSnapshot(
      getLiveModel(),
      (s) => s.pods.some((p) => p.name === name && p.deletionTimestamp),
      30_000,
      `${name} Terminating in the live model`,
    );
  return name;
}

beforeAll(async () => {
  // The dashboard's namespace, ServiceAccount and RBAC, as an operator applies them; the stack
  // (with its RoleBinding for the dashboard) as a deploy does.
  expect(await applyDashboardIdentity()).toEqual([]);
  // From a known state: pods another suite left crash-looping would keep the stack from Ready.
  await deleteStack(kc, stack);
  await applyStack(kc, stack);
  await waitStackReady(kc, stack);
  saved = g.__arrKubeConfig;
  g.__arrKubeConfig = await dashboardTokenConfig();
  await getLiveModel().ready();

  await createUnmanagedNode(kc, DEAD);
  stuck = await moveAppPodTo(kc, NS, selectorOf(APP), DEAD);
  // The kubelet dies: the node reports NotReady (the node controller would say Unknown later).
  await setNodeReady(kc, DEAD, "False");
  await untilSnapshot(
    getLiveModel(),
    (s) =>
      s.nodes.some((n) => n.name === DEAD && !n.ready) &&
      // (The node controller marks its pods not Ready once it sees the node NotReady.)
      s.pods.some((p) => p.name === stuck.metadata!.name && p.nodeName === DEAD),
    30_000,
    "the dead node and the app's pod on it in the live model",
  );
}, 300_000);

afterAll(async () => {
  await stopLiveModel();
  g.__arrKubeConfig = saved;
  // The pods this test left on its nodes go now (the pod GC would take a minute), then the nodes.
  for (const namespace of otherNs ? [NS, otherNs] : [NS]) {
    const left = await core.listNamespacedPod({ namespace });
    for (const p of left.items)
      if (p.spec?.nodeName === DEAD || p.spec?.nodeName === ALIVE)
        await core
          .deleteNamespacedPod({ name: p.metadata!.name!, namespace, gracePeriodSeconds: 0 })
          .catch(() => undefined);
  }
  await deleteNode(kc, DEAD);
  await deleteNode(kc, ALIVE);
  if (otherNs) {
    // Gone before the next file starts: a namespace still Terminating changes its resourceVersion
    // under the next suite's "nothing moved" checks (deploy-lifecycle compares every Namespace).
    await deleteNamespace(otherNs);
    await namespaceGone(otherNs);
  }
  await waitStackReady(kc, stack, 180_000);
}, 240_000);

describe("a pod stuck Terminating on a NotReady node (F8)", () => {
  it("the pod really stays Terminating on the unmanaged node after a graceful delete", async () => {
    const name = stuck.metadata!.name!;
    await core.deleteNamespacedPod({ name, namespace: NS });
    // The ReplicaSet replaces it at once on a KWOK node (terminating pods do not count for it).
    await untilSnapshot(
      getLiveModel(),
      (s) =>
        s.pods.some((p) => p.name === name && p.deletionTimestamp) &&
        appPods(app(APP), s.pods).some((p) => p.name !== name && p.ready),
      60_000,
      "the stuck pod and its Ready replacement",
    );
    // Longer than the pod's grace period would allow on a live node (the stand-in KWOK nodes
    // finish deletions at once): still there, still bound to the dead node.
    await new Promise((r) => setTimeout(r, 5_000));
    const pod = await core.readNamespacedPod({ name, namespace: NS });
    expect(pod.metadata?.deletionTimestamp).toBeTruthy();
    expect(pod.spec?.nodeName).toBe(DEAD);
    // While a replacement is Ready the app is up: the stuck pod is not its cause yet.
    expect(appHealth(APP).status).toBe("Healthy");
  });

  it("restart warns that a Recreate app would go to zero, naming the pod and the node", async () => {
    const prep = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "restart",
      app: APP,
    });
    if (!prep.ok) throw new Error(prep.error);
    expect(prep.prompt).toContain("Recreate");
    expect(prep.prompt).toMatch(
      new RegExp(
        `Warning: Pod ${stuck.metadata!.name} is stuck Terminating \\(node ${DEAD} is NotReady\\)\\..*take Sonarr to zero`,
        "s",
      ),
    );
    // Another app with no stuck pod gets no warning.
    const other = await runAction(workloadActions.prepareAppAction, ctx, {
      action: "restart",
      app: OTHER,
    });
    if (!other.ok) throw new Error(other.error);
    expect(other.prompt).not.toContain("Warning");

    // Restart anyway: the old ReplicaSet goes to 0, the new one waits for the stuck pod.
    const lines = await auditLinesOf(() =>
      runAction(workloadActions.restartApp, ctx, { app: APP, intent: prep.intent }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ action: "restart", outcome: "succeeded" }),
    );
  });

  it("the app is Degraded with the stuck pod and its node as the cause, not Progressing", async () => {
    const name = stuck.metadata!.name!;
    await untilSnapshot(
      getLiveModel(),
      () => appHealth(APP).status === "Degraded",
      60_000,
      `${APP} Degraded (health now: ${JSON.stringify(appHealth(APP))})`,
    );
    const h = appHealth(APP);
    expect(h.reason).toBe(
      `Pod ${name} is stuck Terminating: node ${DEAD} is NotReady; the Recreate rollout waits for it, so no new pod starts`,
    );
    expect(h.details[0]).toMatch(/force-delete the pod/);
    // And that is what the cluster shows: only the stuck pod is left; the new one never started.
    await new Promise((r) => setTimeout(r, 3_000));
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: selectorOf(APP) });
    expect(pods.items.map((p) => p.metadata!.name)).toEqual([name]);
    expect(appHealth(APP).status).toBe("Degraded");
  });

  it("refuses a force delete without its confirmation, and changes nothing", async () => {
    const name = stuck.metadata!.name!;
    const before = await versionOf(NS, name);
    const lines = await auditLinesOf(async () => {
      const r = await runAction(workloadActions.forceDeletePod, ctx, {
        app: APP,
        pod: name,
        intent: intentFor(ctx, "force-delete", `${OTHER}/${name}`),
      });
      expect(r).toMatchObject({ ok: false, code: "conflict" });
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ action: "force-delete-pod", outcome: "failed" }),
    );
    expect(await versionOf(NS, name)).toBe(before);
  });

  it.each([
    ["a pod that is not stuck (Ready, on a Ready node)", "not-stuck"],
    ["a stuck pod named under another app", "other-app"],
    ["a stuck pod outside the stack's namespace", "other-namespace"],
    ["a Terminating pod of the app on a Ready node", "ready-node"],
  ] as const)("refuses %s with a clear error and no change", async (_what, kind) => {
    let namespace = NS;
    let target: string = APP;
    let name: string;
    let error: RegExp;
    if (kind === "not-stuck") {
      const list = await core.listNamespacedPod({
        namespace: NS,
        labelSelector: selectorOf(OTHER),
      });
      name = list.items[0]!.metadata!.name!;
      target = OTHER;
      error = /is not stuck Terminating on a NotReady node; restart the app instead/;
    } else if (kind === "other-app") {
      name = stuck.metadata!.name!;
      target = OTHER;
      error = new RegExp(`pod ${name} is not a pod of ${OTHER}`);
    } else if (kind === "other-namespace") {
      otherNs ||= await tempNamespace("arr-f8");
      namespace = otherNs;
      // Same labels as the app's pods, bound to the same dead node: stuck, but not the stack's.
      name = await terminatingPod(otherNs, DEAD, app(APP).selector);
      error = new RegExp(`pod ${name} is not a pod of ${APP}`);
    } else {
      // A second unmanaged node, still reporting Ready: its "kubelet" is slow to stop the pod,
      // not gone. (The node controller would call it Unknown only after its grace period.)
      await createUnmanagedNode(kc, ALIVE);
      name = await terminatingPod(NS, ALIVE, app(APP).selector);
      error = /is not stuck Terminating on a NotReady node/;
    }
    const before = await versionOf(namespace, name);
    const prep = await runAction(workloadActions.prepareForceDelete, ctx, {
      app: target,
      pod: name,
    });
    expect(prep).toMatchObject({ ok: false });
    if (!prep.ok) expect(prep.error).toMatch(error);
    const lines = await auditLinesOf(async () => {
      const r = await runAction(workloadActions.forceDeletePod, ctx, {
        app: target,
        pod: name,
        intent: intentFor(ctx, "force-delete", `${target}/${name}`),
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ action: "force-delete-pod", outcome: "failed" }),
    );
    expect(await versionOf(namespace, name)).toBe(before);
  });

  it("force-deletes the stuck pod after its confirmation, audited; the app comes back", async () => {
    const name = stuck.metadata!.name!;
    const prep = await runAction(workloadActions.prepareForceDelete, ctx, { app: APP, pod: name });
    if (!prep.ok) throw new Error(prep.error);
    expect(prep.prompt).toContain(`Force-delete pod ${name}?`);
    expect(prep.prompt).toContain(`node ${DEAD} is NotReady`);
    const lines = await auditLinesOf(async () => {
      const r = await runAction(workloadActions.forceDeletePod, ctx, {
        app: APP,
        pod: name,
        intent: prep.intent,
      });
      if (!r.ok) throw new Error(r.error);
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: "force-delete-pod",
        target: `${NS}/pod/${name}`,
        outcome: "succeeded",
        detail: "deleted without waiting for its node",
      }),
    );
    expect(await versionOf(NS, name)).toBe("gone");
    await waitFor("the PodForceDeleted Event on the Deployment", async () =>
      (await dashboardEvents(NS, "force-delete-pod")).some(
        (e) => e.reason === "PodForceDeleted" && e.regarding === `Deployment/${APP}`,
      ),
    );
    // The Recreate rollout was waiting only for that pod: the new one starts now.
    await untilSnapshot(
      getLiveModel(),
      () => appHealth(APP).status === "Healthy",
      90_000,
      `${APP} Healthy again`,
    );
  });
});
