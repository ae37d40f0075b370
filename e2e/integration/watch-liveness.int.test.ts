// F13 end to end: watches that go silent. The live model talks to kube-apiserver through a
// loopback TCP proxy that the test freezes (no data, no reset); objects are changed directly
// meanwhile, and the model must show the changes within its liveness deadline after the proxy
// is thawed, or while the frozen connections are abandoned (only new ones pass), and say that
// its data may be stale in between.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLiveModel, type LiveModel } from "@/lib/k8s/live/model";
import type { ClusterView } from "@/lib/cluster/types";
import {
  apiServerAddress,
  kubeConfigVia,
  startFreezableProxy,
  type FreezableProxy,
} from "@/e2e/support/tcp-proxy";
import { core, kc, mergePatch } from "@/e2e/support/kube";
import { applyStack, waitStackReady } from "@/e2e/support/stack";
import { untilSnapshot } from "./support/live";
import { loadStack } from "@/lib/stack/load";

const stack = loadStack();
/** Short for the test; production default is WATCH_LIVENESS_MS (90 s, above the bookmark period). */
const LIVENESS_MS = 6_000;
/** Deadline + relist + the 2 s probe + slack for a loaded machine. */
const WITHIN_MS = LIVENESS_MS + 14_000;
let proxy: FreezableProxy;
let model: LiveModel;

const until = (pred: (s: ClusterView) => boolean, timeoutMs: number, what: string) =>
  untilSnapshot(model, pred, timeoutMs, what);

/** Records every status the model publishes, to see whether it ever said "stale". */
function recordStatuses(): { seen: ClusterView["status"][]; stop: () => void } {
  const seen: ClusterView["status"][] = [];
  const stop = model.subscribe(() => seen.push(model.snapshot().status));
  return { seen, stop };
}

async function labelPod(name: string, value: string): Promise<void> {
  await core.patchNamespacedPod(
    { name, namespace: stack.namespace, body: { metadata: { labels: { "f13-probe": value } } } },
    mergePatch,
  );
}

const podLabel = (s: ClusterView, name: string) =>
  s.pods.find((p) => p.name === name)?.labels["f13-probe"];

let podName = "";

beforeAll(async () => {
  await applyStack(kc, stack);
  await waitStackReady(kc, stack);
  proxy = await startFreezableProxy(apiServerAddress(kc));
  model = createLiveModel({
    kubeConfig: kubeConfigVia(kc, proxy.url),
    namespace: stack.namespace,
    watchLivenessMs: LIVENESS_MS,
    // Flag at once (production waits 5 s for the relist), so the banner's input is observable.
    staleGraceMs: 0,
  });
  await model.ready();
  const s = await until((v) => v.status.connected && v.pods.length > 0, 30_000, "model connected");
  podName = s.pods.find((p) => !p.deletionTimestamp)?.name ?? "";
  expect(podName).not.toBe("");
}, 180_000);

afterAll(async () => {
  await model?.stop();
  await proxy?.close();
  if (podName)
    await core
      .patchNamespacedPod(
        {
          name: podName,
          namespace: stack.namespace,
          body: { metadata: { labels: { "f13-probe": null } } },
        },
        mergePatch,
      )
      .catch(() => undefined);
});

describe("watch liveness (F13)", () => {
  it("sees a change made while its streams were frozen for good, and says the data may be stale", async () => {
    await labelPod(podName, "before");
    await until((v) => podLabel(v, podName) === "before", 10_000, "label before the freeze");
    const rec = recordStatuses();
    // Half-open: every open stream is frozen and never comes back; new connections pass, so the
    // API server's /readyz probe keeps succeeding and "connected" alone cannot tell.
    proxy.abandon();
    await labelPod(podName, "during-half-open");
    const s = await until(
      (v) => podLabel(v, podName) === "during-half-open",
      WITHIN_MS,
      "change after the deadline",
    );
    rec.stop();
    expect(rec.seen.some((st) => st.stale?.kinds.includes("pods"))).toBe(true);
    expect(rec.seen.find((st) => st.stale)?.stale?.message).toMatch(/past the 6 s deadline/);
    // Once relisted the flag clears.
    await until((v) => v.status.stale === undefined, WITHIN_MS, "stale flag cleared");
    expect(s.watches.pods.state).toBe("synced");
  });

  it("shows a change made during a full freeze once the proxy is thawed, reporting the outage meanwhile", async () => {
    const rec = recordStatuses();
    proxy.freeze();
    await labelPod(podName, "during-freeze");
    // The /readyz probe times out through the frozen proxy: the banner says unreachable.
    await until((v) => !v.status.connected, 15_000, "reported unreachable");
    proxy.thaw();
    await until(
      (v) => podLabel(v, podName) === "during-freeze",
      WITHIN_MS,
      "change after the thaw",
    );
    await until(
      (v) => v.status.connected && v.status.stale === undefined,
      WITHIN_MS,
      "connected again",
    );
    rec.stop();
    expect(rec.seen.some((st) => !st.connected)).toBe(true);
  });
});
