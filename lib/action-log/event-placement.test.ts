import { describe, expect, it } from "vitest";
import { eventPlacement } from "./event-placement";

describe("eventPlacement", () => {
  it("keeps an Event about a namespaced object in its namespace, regarding it", () => {
    const t = { apiVersion: "apps/v1", kind: "Deployment", name: "radarr", namespace: "media" };
    expect(eventPlacement(t, "arr-dashboard")).toEqual({ namespace: "media", regarding: t });
  });
  it("puts an Event about a cluster-scoped object in the dashboard's namespace, the object as related", () => {
    const pv = { apiVersion: "v1", kind: "PersistentVolume", name: "arr-data-nfs" };
    expect(eventPlacement(pv, "arr-dashboard")).toEqual({
      namespace: "arr-dashboard",
      regarding: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "arr-dashboard",
        namespace: "arr-dashboard",
      },
      related: pv,
    });
  });
});
