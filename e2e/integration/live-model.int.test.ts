// The live model against the real local control plane: it lists and watches the stack's objects,
// reports changes within a second, survives a missing namespace, and follows pod status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import { createLiveModel, type LiveModel } from "@/lib/k8s/live/model";
import type { ClusterView } from "@/lib/cluster/types";
import { loadStack } from "@/lib/stack/load";
import { buildDashboardView } from "@/lib/view/dashboard";
import { testKubeConfig } from "@/e2e/support/kube";
import { applyStack, deleteStack } from "@/e2e/support/stack";
import { crashLoopPod } from "@/e2e/support/pod-status";
import { untilSnapshot } from "./support/live";

const kc = testKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const stack = loadStack();
let model: LiveModel;

const until = (pred: (s: ClusterView) => boolean, timeoutMs = 60_000) =>
  untilSnapshot(model, pred, timeoutMs);

beforeAll(async () => {
  await deleteStack(kc, stack);
  model = createLiveModel({ kubeConfig: kc, namespace: stack.namespace });
  await model.ready();
});

afterAll(async () => {
  await model?.stop();
  await deleteStack(kc, stack);
});

describe("live model", () => {
  it("lists every kind and is connected, with the namespace absent", async () => {
    const s = await until((v) => v.status.connected);
    expect(Object.values(s.watches).map((w) => w.state)).toEqual(Array(10).fill("synced"));
    expect(s.namespace).toBeNull();
    expect(s.nodes.length).toBeGreaterThan(0);
    expect(s.status.lastSyncAt).not.toBeNull();
    expect(buildDashboardView(stack, s).apps.map((a) => a.health.status)).toEqual(
      stack.apps.map(() => "Missing"),
    );
  });

  it("follows a deploy until every app is Healthy", async () => {
    await applyStack(kc, stack);
    const s = await until(
      (v) => buildDashboardView(stack, v).apps.every((a) => a.health.status === "Healthy"),
      90_000,
    );
    const view = buildDashboardView(stack, s);
    expect(view.namespace.exists).toBe(true);
    expect(view.storage.data.pvc?.phase).toBe("Bound");
    expect(view.storage.config.map((c) => c.pvc?.phase)).toEqual(stack.apps.map(() => "Bound"));
    expect(view.apps.filter((a) => a.host).every((a) => a.route.state === "present")).toBe(true);
    expect(s.pods.every((p) => p.ready)).toBe(true);
  });

  it("shows a pod's CrashLoopBackOff within a second of the status change", async () => {
    const app = stack.apps[0]!;
    const pod = model.snapshot().pods.find((p) => p.labels["app.kubernetes.io/name"] === app.name);
    expect(pod).toBeDefined();
    const t0 = Date.now();
    await crashLoopPod(kc, stack.namespace, pod!.name);
    const s = await until(
      (v) =>
        buildDashboardView(stack, v).apps.find((a) => a.name === app.name)?.health.status ===
        "Degraded",
      10_000,
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(
      buildDashboardView(stack, s).apps.find((a) => a.name === app.name)?.health.reason,
    ).toContain("CrashLoopBackOff");
  });

  it("sees the pod list shrink when a pod is deleted and grow again", async () => {
    const app = stack.apps[1]!;
    const before = model
      .snapshot()
      .pods.find((p) => p.labels["app.kubernetes.io/name"] === app.name)!;
    await core.deleteNamespacedPod({
      name: before.name,
      namespace: stack.namespace,
      gracePeriodSeconds: 0,
    });
    await until((v) => !v.pods.some((p) => p.name === before.name));
    await until((v) =>
      v.pods.some((p) => p.labels["app.kubernetes.io/name"] === app.name && p.ready),
    );
  });
});
