// Issue 17, item 6: the audit Events of teardown and PV release, written by the dashboard's own
// ServiceAccount (a real TokenRequest token), not by the admin the other integration tests use.
// Events about cluster-scoped objects may only live in `default`/`kube-system`, where the account
// may not write; they go to its own namespace, regarding its Deployment, the object as `related`.
import { EventsV1Api, type KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent } from "@/lib/k8s/events";
import { kc, statusOf } from "@/e2e/support/kube";
import {
  applyDashboardIdentity,
  DASHBOARD_NAMESPACE,
  dashboardTokenConfig,
  describeError,
} from "./support/manifests";

const events = kc.makeApiClient(EventsV1Api);
const g = globalThis as { __arrKubeConfig?: KubeConfig };
let saved: KubeConfig | undefined;
const before = process.env.ARR_DASHBOARD_NAMESPACE;

beforeAll(async () => {
  // The dashboard's namespace, ServiceAccount and RBAC, as an operator applies them.
  expect(await applyDashboardIdentity()).toEqual([]);
  saved = g.__arrKubeConfig;
  g.__arrKubeConfig = await dashboardTokenConfig();
  // What the Deployment sets from the downward API (k8s/dashboard/deployment.yaml).
  process.env.ARR_DASHBOARD_NAMESPACE = DASHBOARD_NAMESPACE;
});

afterAll(() => {
  g.__arrKubeConfig = saved;
  if (before === undefined) delete process.env.ARR_DASHBOARD_NAMESPACE;
  else process.env.ARR_DASHBOARD_NAMESPACE = before;
});

describe("audit Events as the dashboard's ServiceAccount", () => {
  it.each([
    [
      "teardown",
      { apiVersion: "v1", kind: "PersistentVolume", name: "arr-data-nfs" },
      "StackTornDown",
    ],
    [
      "release-volume",
      { apiVersion: "v1", kind: "PersistentVolume", name: "arr-data-nfs" },
      "ClaimRefCleared",
    ],
    ["teardown", { apiVersion: "v1", kind: "Namespace", name: "media" }, "StackTornDown"],
  ] as const)("%s: an Event about %o is written (%s)", async (action, target, reason) => {
    const note = `${action} by admin: succeeded — test ${Date.now()}`;
    await recordEvent(target, { action, reason, note, warning: false }).catch((e: unknown) => {
      throw new Error(`${statusOf((e as Error).cause)} ${describeError((e as Error).cause)}`);
    });
    const list = await events.listNamespacedEvent({ namespace: DASHBOARD_NAMESPACE });
    const mine = list.items.find((e) => e.note === note);
    expect(mine, "the Event is in the dashboard's namespace").toBeDefined();
    expect(mine!.reason).toBe(reason);
    expect(mine!.related).toMatchObject({ kind: target.kind, name: target.name });
    expect(mine!.regarding).toMatchObject({
      kind: "Deployment",
      name: "arr-dashboard",
      namespace: DASHBOARD_NAMESPACE,
    });
  });

  it("may not write Events where cluster-scoped objects' Events would otherwise go", async () => {
    await expect(
      (await dashboardTokenConfig()).makeApiClient(EventsV1Api).listNamespacedEvent({
        namespace: "default",
      }),
    ).rejects.toSatisfy((e: unknown) => statusOf(e) === 403);
  });
});
