import { describe, expect, it } from "vitest";
import type { ConditionView, HttpRouteView } from "@/lib/cluster/types";
import { routeVerdict, UNREPORTED_GRACE_MS } from "./route";

const NOW = Date.parse("2026-11-30T12:00:00Z");
const gw = { name: "homelab-gateway", namespace: "gateway" };
const ok = (gen?: number): ConditionView[] => [
  {
    type: "Accepted",
    status: "True",
    reason: "Accepted",
    ...(gen ? { observedGeneration: gen } : {}),
  },
  {
    type: "ResolvedRefs",
    status: "True",
    reason: "ResolvedRefs",
    ...(gen ? { observedGeneration: gen } : {}),
  },
];
const entry = (
  ref: HttpRouteView["parentRefs"][number],
  conditions: ConditionView[],
  controllerName = "io.cilium/gateway-controller",
): HttpRouteView["parents"][number] => ({
  parentName: ref.name,
  ...(ref.namespace ? { parentNamespace: ref.namespace } : {}),
  parentRef: ref,
  controllerName,
  conditions,
});
const route = (over: Partial<HttpRouteView> = {}): HttpRouteView => ({
  name: "radarr",
  namespace: "media",
  generation: 2,
  specChangedAt: new Date(NOW - 60 * 60_000).toISOString(),
  hostnames: ["radarr.k8s.example"],
  parentRefs: [gw],
  backendRefs: [{ name: "radarr", port: 7878 }],
  parents: [entry(gw, ok(2))],
  ...over,
});

describe("routeVerdict (F11)", () => {
  it("is Healthy when the current parent accepted the current generation", () => {
    const v = routeVerdict(route(), NOW);
    expect(v.health.status).toBe("Healthy");
    expect(v.parents.map((p) => p.state)).toEqual(["accepted"]);
  });

  it("ignores an Accepted entry for a parent no longer in spec.parentRefs", () => {
    // Input: the route moved from old-gateway to homelab-gateway; the old controller's entry
    // (Accepted) stayed behind and nobody reported on the new parent yet.
    const old = { name: "old-gateway", namespace: "gateway" };
    const v = routeVerdict(
      route({ specChangedAt: new Date(NOW - 10_000).toISOString(), parents: [entry(old, ok(1))] }),
      NOW,
    );
    expect(v.health.status).toBe("Progressing");
    expect(v.staleEntries).toBe(1);
    expect(v.parents).toEqual([
      expect.objectContaining({ state: "unreported", label: "gateway/homelab-gateway" }),
    ]);
  });

  it("does not let a stale rejection fail a route that its current parent accepts", () => {
    const old = { name: "old-gateway", namespace: "gateway" };
    const rejected: ConditionView[] = [
      { type: "Accepted", status: "False", reason: "NotAllowedByListeners", observedGeneration: 2 },
    ];
    const v = routeVerdict(route({ parents: [entry(old, rejected), entry(gw, ok(2))] }), NOW);
    expect(v.health.status).toBe("Healthy");
  });

  it("treats conditions from an older generation as not yet observed, neither pass nor fail", () => {
    const passOld = routeVerdict(route({ generation: 3, parents: [entry(gw, ok(2))] }), NOW);
    expect(passOld.health.status).toBe("Progressing");
    expect(passOld.health.reason).toMatch(/has not observed generation 3 yet .*generation 2/);
    const failOld = routeVerdict(
      route({
        generation: 3,
        parents: [
          entry(gw, [
            {
              type: "Accepted",
              status: "False",
              reason: "NoMatchingParent",
              observedGeneration: 2,
            },
          ]),
        ],
      }),
      NOW,
    );
    expect(failOld.health.status).toBe("Progressing");
    expect(failOld.parents[0]?.state).toBe("not-observed");
  });

  it("fails on a current rejection and names condition, parent and controller", () => {
    const v = routeVerdict(
      route({
        parents: [
          entry(gw, [
            { type: "Accepted", status: "True", observedGeneration: 2 },
            {
              type: "ResolvedRefs",
              status: "False",
              reason: "BackendNotFound",
              message: "Service media/radarr not found",
              observedGeneration: 2,
            },
          ]),
        ],
      }),
      NOW,
    );
    expect(v.health.status).toBe("Degraded");
    expect(v.health.reason).toBe(
      "ResolvedRefs=False on gateway/homelab-gateway (BackendNotFound: Service media/radarr not found) (io.cilium/gateway-controller)",
    );
  });

  it("gives a parentRef nobody reported on its own hint once the grace has passed", () => {
    const other = { name: "lan-gateway", namespace: "gateway", sectionName: "https" };
    const fresh = routeVerdict(
      route({
        parentRefs: [gw, other],
        specChangedAt: new Date(NOW - UNREPORTED_GRACE_MS + 1000).toISOString(),
      }),
      NOW,
    );
    expect(fresh.health.status).toBe("Progressing");
    expect(fresh.health.reason).toBe(
      "no Gateway controller has reported on gateway/lan-gateway#https yet",
    );
    const late = routeVerdict(route({ parentRefs: [gw, other] }), NOW);
    expect(late.health.status).toBe("Degraded");
    expect(late.health.reason).toMatch(
      /^no Gateway controller has reported on gateway\/lan-gateway#https for 60 min: check that the Gateway exists/,
    );
  });

  it("applies Gateway API defaults when matching entries to parentRefs", () => {
    // The spec omits the namespace (defaults to the route's); the controller echoes it explicitly
    // with group and kind. A different sectionName is a different parent.
    const bare = { name: "local-gw" };
    const echoed = {
      name: "local-gw",
      namespace: "media",
      group: "gateway.networking.k8s.io",
      kind: "Gateway",
    };
    expect(
      routeVerdict(route({ parentRefs: [bare], parents: [entry(echoed, ok(2))] }), NOW).health
        .status,
    ).toBe("Healthy");
    const section = { ...echoed, sectionName: "http" };
    expect(
      routeVerdict(route({ parentRefs: [bare], parents: [entry(section, ok(2))] }), NOW).parents[0]
        ?.state,
    ).toBe("unreported");
  });

  it("accepts when one of two controllers on the same parent accepted the current generation", () => {
    const v = routeVerdict(
      route({
        parents: [entry(gw, ok(1), "other.example/controller"), entry(gw, ok(2))],
      }),
      NOW,
    );
    expect(v.health.status).toBe("Healthy");
  });

  it("counts conditions without observedGeneration as current (the field is optional)", () => {
    expect(routeVerdict(route({ parents: [entry(gw, ok())] }), NOW).health.status).toBe("Healthy");
  });

  it("is Degraded when the route has no parentRefs at all", () => {
    expect(routeVerdict(route({ parentRefs: [], parents: [] }), NOW).health.status).toBe(
      "Degraded",
    );
  });
});
