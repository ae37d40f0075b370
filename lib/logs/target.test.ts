import path from "node:path";
import { describe, expect, it } from "vitest";
import { container, pod } from "@/lib/health/fixtures";
import type { ClusterView } from "@/lib/cluster/types";
import { loadStack } from "@/lib/stack/load";
import { manifestContainers, parseLogQuery, resolveLogTarget } from "./target";

const stack = loadStack(path.resolve(__dirname, "../../k8s/media"));
/** The labels the app's Deployment selects its pods by (what appPods matches). */
const labelsOf = (app: string) => ({ ...stack.apps.find((a) => a.name === app)?.selector });
const sonarrPod = (name: string, createdAt: string, over = {}) =>
  pod({
    name,
    createdAt,
    ownerReplicaSet: undefined,
    labels: labelsOf("sonarr"),
    containers: [container({ name: "sonarr" })],
    ...over,
  });
const cluster: Pick<ClusterView, "pods"> = {
  pods: [
    sonarrPod("sonarr-old", "2026-11-25T09:00:00.000Z"),
    sonarrPod("sonarr-new", "2026-11-25T10:00:00.000Z"),
    pod({
      name: "radarr-1",
      ownerReplicaSet: undefined,
      labels: labelsOf("radarr"),
      containers: [container({ name: "radarr" })],
    }),
    pod({
      name: "intruder",
      namespace: "media",
      ownerReplicaSet: undefined,
      labels: { "app.kubernetes.io/name": "sonarr" }, // half of sonarr's selector only
      containers: [container({ name: "sonarr" })],
    }),
  ],
};

describe("manifestContainers", () => {
  it("reads the container names of the app's Deployment from the manifests", () => {
    expect(manifestContainers(stack, "sonarr")).toEqual(["sonarr"]);
    expect(manifestContainers(stack, "nope")).toEqual([]);
  });
});

describe("resolveLogTarget", () => {
  it("defaults to the newest pod and the app's main container", () => {
    const r = resolveLogTarget(stack, cluster, "sonarr", {});
    expect(r).toMatchObject({
      ok: true,
      target: { pod: "sonarr-new", container: "sonarr", namespace: "media" },
    });
  });

  it("accepts a named pod of the app", () => {
    const r = resolveLogTarget(stack, cluster, "sonarr", {
      pod: "sonarr-old",
      container: "sonarr",
    });
    expect(r).toMatchObject({ ok: true, target: { pod: "sonarr-old" } });
  });

  it.each([
    ["an unknown app", "lidarr", {}, /no app named "lidarr"/],
    ["another app's pod", "sonarr", { pod: "radarr-1" }, /"radarr-1" is not a pod of sonarr/],
    ["a pod outside the app", "sonarr", { pod: "intruder" }, /not a pod of sonarr/],
    ["another app's container", "sonarr", { container: "radarr" }, /not a container of sonarr/],
    ["an unknown container", "sonarr", { container: "istio-proxy" }, /not a container of sonarr/],
  ])("refuses %s", (_label, app, query, message) => {
    const r = resolveLogTarget(stack, cluster, app, query);
    expect(r).toMatchObject({ ok: false, code: "invalid" });
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("says not-found when the app has no pod", () => {
    expect(resolveLogTarget(stack, cluster, "prowlarr", {})).toMatchObject({
      ok: false,
      code: "not-found",
    });
  });

  it("refuses a container the manifests name but the live pod lacks", () => {
    const c: Pick<ClusterView, "pods"> = {
      pods: [
        sonarrPod("sonarr-x", "2026-11-25T10:00:00.000Z", {
          containers: [container({ name: "other" })],
        }),
      ],
    };
    expect(resolveLogTarget(stack, c, "sonarr", {})).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("parseLogQuery", () => {
  const q = (s: string) => parseLogQuery(new URLSearchParams(s));
  it("fills defaults", () => {
    expect(q("")).toEqual({
      ok: true,
      query: { previous: false, follow: true, timestamps: true, tail: 500, download: false },
    });
    expect(q("pod=sonarr-1&container=sonarr&previous=1&tail=0&follow=0")).toMatchObject({
      ok: true,
      query: { pod: "sonarr-1", container: "sonarr", previous: true, tail: 0, follow: false },
    });
  });

  it.each([
    ["pod=../../etc", /pod/],
    ["container=Sonarr", /container/],
    ["container=" + "a".repeat(64), /container/],
    ["tail=5001", /tail/],
    ["tail=-1", /tail/],
    ["tail=1.5", /tail/],
    ["previous=yes", /previous/],
    ["evil=1", /evil/],
    ["pod=a&pod=b", /twice/],
  ])("rejects %s", (s, message) => {
    const r = q(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
