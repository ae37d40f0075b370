// The live model under the dashboard's real least-privilege RBAC (k8s/dashboard + the stack's
// RoleBinding in k8s/media): from a cluster without the namespace — where listing inside it is
// forbidden — to a deployed stack, without waiting out backoffs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import { createLiveModel, type LiveModel } from "@/lib/k8s/live/model";
import { loadStack } from "@/lib/stack/load";
import { buildDashboardView } from "@/lib/view/dashboard";
import { benchIdentity } from "@/e2e/support/identity";
import { testKubeConfig } from "@/e2e/support/kube";
import { applyStack, deleteStack } from "@/e2e/support/stack";

const admin = testKubeConfig();
const stack = loadStack();
let model: LiveModel;

beforeAll(async () => {
  await deleteStack(admin, stack);
  mkdirSync(".local/test", { recursive: true });
  const kc = new KubeConfig();
  kc.loadFromFile(await benchIdentity(".local/test"));
  model = createLiveModel({ kubeConfig: kc, namespace: stack.namespace });
  await model.ready();
});

afterAll(async () => {
  await model?.stop();
  await deleteStack(admin, stack);
});

function view() {
  return buildDashboardView(stack, model.snapshot());
}

async function until(pred: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(
        `not within ${timeoutMs} ms: ${JSON.stringify(view().apps.map((a) => a.health))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - t0;
}

it("reports Missing apps while the namespace does not exist, then follows a deploy", async () => {
  await until(() => model.status.connected, 10_000);
  const before = model.snapshot();
  expect(before.watches.pods.state).toBe("error");
  expect(before.watches.pods.error).toMatch(/403/);
  expect(before.watches.nodes.state).toBe("synced");
  expect(view().apps.every((a) => a.health.status === "Missing")).toBe(true);

  await applyStack(admin, stack);
  // The namespace's appearance restarts the refused watches at once (not after their backoff).
  const ms = await until(() => view().apps.every((a) => a.health.status === "Healthy"), 60_000);
  expect(model.snapshot().watches.pods.state).toBe("synced");
  expect(ms).toBeLessThan(30_000);
});
