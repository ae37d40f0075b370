// F10 end to end: a field added with `kubectl patch` after a deploy is not in the manifests and
// server-side apply keeps it (another manager owns it), so the dry-run diff alone says "nothing
// would change". The preview and the app view must show it with its manager; a deploy that takes
// it over removes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppsV1Api } from "@kubernetes/client-node";
import { applyObject, planObjects } from "@/lib/k8s/apply";
import { createLiveModel, type LiveModel } from "@/lib/k8s/live/model";
import { buildDashboardView } from "@/lib/view/dashboard";
import { objectsForScope } from "@/lib/deploy/scope";
import { kc, waitFor } from "@/e2e/support/kube";
import { kubectl } from "./support/actions";
import { loadStack } from "@/lib/stack/load";

const stack = loadStack();
const appsApi = kc.makeApiClient(AppsV1Api);
const MOUNT = "spec.template.spec.containers[name=radarr].volumeMounts[mountPath=/data/media]";
let model: LiveModel;

const mounts = async () =>
  (
    await appsApi.readNamespacedDeployment({ name: "radarr", namespace: stack.namespace })
  ).spec?.template.spec?.containers[0]?.volumeMounts?.map((m) => m.mountPath);

async function deployRadarr(takeOverDrift = false) {
  const out = [];
  for (const o of objectsForScope(stack, "radarr"))
    out.push(await applyObject(o, undefined, { takeOverDrift }));
  return out;
}

beforeAll(async () => {
  await deployRadarr();
  model = createLiveModel({ kubeConfig: kc, namespace: stack.namespace });
  await model.ready();
}, 120_000);

afterAll(async () => {
  await model?.stop();
  await deployRadarr(true).catch(() => undefined);
});

describe("drift (F10)", () => {
  it("the preview names a field kubectl patch added, with its manager", async () => {
    // F10's input, verbatim.
    kubectl([
      "-n",
      stack.namespace,
      "patch",
      "deploy",
      "radarr",
      "--type=json",
      "-p",
      '[{"op":"add","path":"/spec/template/spec/containers/0/volumeMounts/-","value":{"name":"data","mountPath":"/data/media","subPath":"media"}}]',
    ]);
    const plan = await planObjects(objectsForScope(stack, "radarr"));
    const dep = plan.find((p) => p.kind === "Deployment" && p.name === "radarr");
    // The dry-run diff alone sees nothing: SSA keeps the other manager's field.
    expect(dep?.action).toBe("unchanged");
    expect(dep?.drift).toEqual([
      expect.objectContaining({
        path: MOUNT,
        manager: "kubectl-patch",
        value: '{"mountPath":"/data/media","name":"data","subPath":"media"}',
      }),
    ]);
    // Controllers, defaulting and status did not turn up as drift anywhere.
    expect(plan.flatMap((p) => (p.drift ?? []).map((d) => `${p.key} ${d.path}`))).toEqual([
      `${dep?.key} ${MOUNT}`,
    ]);
  });

  it("the app view says the app differs from the manifests", async () => {
    const s = await waitFor("drift in the live view", async () => {
      const v = buildDashboardView(stack, model.snapshot());
      const radarr = v.apps.find((a) => a.name === "radarr");
      return radarr && radarr.drift.length > 0 ? radarr : undefined;
    });
    expect(s.drift.map((d) => `${d.path} ${d.manager}`)).toEqual([`${MOUNT} kubectl-patch`]);
    expect(
      buildDashboardView(stack, model.snapshot())
        .apps.filter((a) => a.drift.length > 0)
        .map((a) => a.name),
    ).toEqual(["radarr"]);
  });

  it("a plain deploy keeps the field; taking it over removes it", async () => {
    await deployRadarr();
    expect(await mounts()).toContain("/data/media");
    const results = await deployRadarr(true);
    expect(results.flatMap((r) => r.tookOver ?? [])).toEqual([`${MOUNT} (kubectl-patch)`]);
    expect(await mounts()).toEqual(["/config", "/data"]);
    const plan = await planObjects(objectsForScope(stack, "radarr"));
    expect(plan.flatMap((p) => p.drift ?? [])).toEqual([]);
  });
});
