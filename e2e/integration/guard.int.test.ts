// Issue 17, item 4: the admission policies are load-bearing, so the dashboard checks they are
// there — server-side dry runs, as its own ServiceAccount, of what they must refuse — and refuses
// every action while one is missing.
import {
  AdmissionregistrationV1Api,
  type KubeConfig,
  type V1ValidatingAdmissionPolicyBinding,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "@/lib/actions/gate";
import { deployActions } from "@/lib/deploy/server";
import { checkGuards, guardBlock } from "@/lib/guard/server";
import { adminContext } from "./support/actions";
import { kc, waitFor } from "@/e2e/support/kube";
import { applyAll, dashboardTokenConfig, tree } from "./support/manifests";

const admission = kc.makeApiClient(AdmissionregistrationV1Api);
const BINDING = "arr-dashboard-persistentvolumes";
const g = globalThis as { __arrKubeConfig?: KubeConfig };
let saved: KubeConfig | undefined;
let binding: V1ValidatingAdmissionPolicyBinding;

beforeAll(async () => {
  expect(await applyAll(tree("k8s/dashboard"))).toEqual([]);
  saved = g.__arrKubeConfig;
  g.__arrKubeConfig = await dashboardTokenConfig();
  binding = await admission.readValidatingAdmissionPolicyBinding({ name: BINDING });
});

afterAll(async () => {
  g.__arrKubeConfig = saved;
  // Whatever happened, the binding is back.
  expect(await applyAll(tree("k8s/dashboard"))).toEqual([]);
});

describe("the admission policy check", () => {
  it("holds with k8s/dashboard applied, and actions run", async () => {
    await waitFor(
      "the policies to be in force",
      async () => (await checkGuards()).state === "held",
    );
    expect(guardBlock()).toBeNull();
    const r = await runAction(deployActions.prepareTeardown, adminContext(), {});
    expect(r.ok ? "ok" : r.error).not.toMatch(/admission policies are missing/);
  });

  it("notices a missing policy binding and refuses every action, saying why; recovers when restored", async () => {
    await admission.deleteValidatingAdmissionPolicyBinding({ name: BINDING });
    // The API server's admission plugin learns of the deletion from its own watch.
    const v = await waitFor("the breach to be seen", async () => {
      const verdict = await checkGuards();
      return verdict.state === "breached" ? verdict : undefined;
    });
    expect(v.reason).toMatch(/hostPath PersistentVolume/);
    expect(guardBlock()).toMatch(/admission policies are missing/);
    const r = await runAction(deployActions.prepareTeardown, adminContext(), {});
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.ok ? "" : r.error).toMatch(/admission policies are missing/);

    await admission.createValidatingAdmissionPolicyBinding({
      body: { metadata: { name: BINDING, labels: binding.metadata?.labels }, spec: binding.spec },
    });
    await waitFor(
      "the policies to be in force again",
      async () => (await checkGuards()).state === "held",
    );
    expect(guardBlock()).toBeNull();
  });
});
