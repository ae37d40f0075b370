// F11 end to end: HTTPRoute status.parents read by current parentRefs and generation, against the
// real API server with sim-infra's Gateway stand-in (which, like real controllers, writes only its
// own entries). A second "controller" is played by the test writing the status subresource.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "@kubernetes/client-node";
import { createLiveModel, type LiveModel } from "@/lib/k8s/live/model";
import type { ClusterView } from "@/lib/cluster/types";
import { buildDashboardView, type RouteDetail } from "@/lib/view/dashboard";
import { routeVerdict } from "@/lib/health/route";
import { kc, mergePatch, statusOf, waitFor } from "@/e2e/support/kube";
import { custom } from "./support/custom";
import { applyObjects, applyStack, ensureGateway } from "@/e2e/support/stack";
import { untilSnapshot } from "./support/live";
import { loadStack } from "@/lib/stack/load";

const stack = loadStack();
const GROUP = "gateway.networking.k8s.io";
const VERSION = "v1";
const SIM = "arr-dashboard.local/sim-gateway";
const OTHER = "example.com/elsewhere";
const homelab = {
  group: GROUP,
  kind: "Gateway",
  name: "homelab-gateway",
  namespace: "gateway",
  sectionName: "https",
};
const lan = { group: GROUP, kind: "Gateway", name: "lan-gateway", namespace: "gateway" };
const gone = { group: GROUP, kind: "Gateway", name: "old-gateway", namespace: "gateway" };
let model: LiveModel;

type Route = KubernetesObject & {
  spec?: { parentRefs?: unknown[] };
  status?: { parents?: { controllerName?: string; parentRef?: { name?: string } }[] };
};

const routeApi = {
  group: GROUP,
  version: VERSION,
  namespace: stack.namespace,
  plural: "httproutes",
  name: "radarr",
};
const readRoute = async () => (await custom.getNamespacedCustomObject(routeApi)) as Route;

/** Rewrites status.parents with `edit` (retrying on conflicts with the sim's writes). */
async function editStatus(
  edit: (
    parents: NonNullable<NonNullable<Route["status"]>["parents"]>,
    generation: number,
  ) => unknown[],
) {
  await waitFor("status written", async () => {
    const r = await readRoute();
    try {
      await custom.replaceNamespacedCustomObjectStatus({
        ...routeApi,
        body: {
          ...r,
          status: { parents: edit(r.status?.parents ?? [], r.metadata?.generation ?? 1) },
        },
      });
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  });
}

const cond = (type: string, ok: boolean, generation: number, reason = type) => ({
  type,
  status: ok ? "True" : "False",
  reason,
  message: "written by the test's second controller",
  observedGeneration: generation,
  lastTransitionTime: new Date().toISOString(),
});

const until = (pred: (s: ClusterView) => boolean, timeoutMs = 30_000) =>
  untilSnapshot(model, pred, timeoutMs, "radarr route");

const radarrRoute = (s: ClusterView): RouteDetail | undefined =>
  buildDashboardView(stack, s).apps.find((a) => a.name === "radarr")?.route;

beforeAll(async () => {
  await applyStack(kc, stack);
  await ensureGateway(kc);
  await applyObjects(
    [
      {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: "GatewayClass",
        metadata: { name: "elsewhere" },
        spec: { controllerName: OTHER },
      },
      {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: "Gateway",
        metadata: { name: "lan-gateway", namespace: "gateway" },
        spec: {
          gatewayClassName: "elsewhere",
          listeners: [{ name: "http", port: 80, protocol: "HTTP" }],
        },
      },
    ],
    kc,
  );
  model = createLiveModel({ kubeConfig: kc, namespace: stack.namespace });
  await model.ready();
}, 120_000);

afterAll(async () => {
  await model?.stop();
  // Back to the manifests' parentRefs, without the test controller's entries.
  const manifest = stack.objects.find(
    (o) => o.kind === "HTTPRoute" && o.metadata.name === "radarr",
  );
  if (manifest) await applyObjects([manifest], kc);
  await editStatus(() => []).catch(() => undefined);
  await custom
    .deleteNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace: "gateway",
      plural: "gateways",
      name: "lan-gateway",
    })
    .catch(() => undefined);
  await custom
    .deleteClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: "gatewayclasses",
      name: "elsewhere",
    })
    .catch(() => undefined);
});

describe("HTTPRoute status (F11)", () => {
  it("a parentRef no controller reports on is not yet accepted, and named", async () => {
    await custom.patchNamespacedCustomObject(
      { ...routeApi, body: { spec: { parentRefs: [homelab, lan] } } },
      mergePatch,
    );
    const s = await until((v) => {
      const r = radarrRoute(v);
      return (
        r?.parents.find((p) => p.name === "homelab-gateway")?.state === "accepted" &&
        r.parents.length === 2
      );
    });
    const r = radarrRoute(s)!;
    expect(r.accepted).toBe(false);
    expect(r.health?.status).toBe("Progressing");
    expect(r.parents.find((p) => p.name === "lan-gateway")).toMatchObject({
      state: "unreported",
      why: "no Gateway controller has reported on gateway/lan-gateway yet",
    });
    // The stand-in left the Gateway of another class alone.
    expect((await readRoute()).status?.parents?.map((p) => p.parentRef?.name)).toEqual([
      "homelab-gateway",
    ]);
  });

  it("the stand-in keeps other controllers' entries when it rewrites its own", async () => {
    // Remove the stand-in's entry and add the second controller's: one for lan-gateway at an older
    // generation, one rejecting a parent the spec no longer names.
    await editStatus((_, gen) => [
      {
        parentRef: lan,
        controllerName: OTHER,
        conditions: [cond("Accepted", true, gen - 1), cond("ResolvedRefs", true, gen - 1)],
      },
      {
        parentRef: gone,
        controllerName: OTHER,
        conditions: [cond("Accepted", false, gen, "NotAllowedByListeners")],
      },
    ]);
    const parents = await waitFor("the stand-in's entry back", async () => {
      const p = (await readRoute()).status?.parents ?? [];
      return p.some((x) => x.controllerName === SIM) ? p : undefined;
    });
    expect(parents.map((p) => `${p.controllerName} ${p.parentRef?.name}`).sort()).toEqual(
      [`${OTHER} lan-gateway`, `${OTHER} old-gateway`, `${SIM} homelab-gateway`].sort(),
    );
  });

  it("an older generation is not yet observed, and a stale entry does not fail the route", async () => {
    const s = await until(
      (v) =>
        radarrRoute(v)?.parents.find((p) => p.name === "lan-gateway")?.state === "not-observed",
    );
    const r = radarrRoute(s)!;
    expect(r.health?.status).toBe("Progressing");
    expect(r.health?.reason).toMatch(
      /gateway\/lan-gateway \(example\.com\/elsewhere\) has not observed generation \d+ yet/,
    );
    const view = s.httpRoutes.find((x) => x.name === "radarr")!;
    expect(routeVerdict(view, Date.parse(s.builtAt)).staleEntries).toBe(1);
    expect(r.parents.map((p) => p.name).sort()).toEqual(["homelab-gateway", "lan-gateway"]);
  });

  it("is accepted once the second controller observes the current generation", async () => {
    await editStatus((parents, gen) =>
      parents.map((p) =>
        p.controllerName === OTHER && p.parentRef?.name === "lan-gateway"
          ? { ...p, conditions: [cond("Accepted", true, gen), cond("ResolvedRefs", true, gen)] }
          : p,
      ),
    );
    const s = await until((v) => radarrRoute(v)?.accepted === true);
    expect(radarrRoute(s)?.health?.status).toBe("Healthy");
  });
});
