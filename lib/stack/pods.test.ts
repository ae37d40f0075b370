import { describe, expect, it } from "vitest";
import { notReadyPod, pod } from "@/lib/health/fixtures";
import { appPods, dataPodTargets, podApp } from "./pods";
import type { StackApp } from "./types";

const app = (name: string, over: Partial<StackApp> = {}) =>
  ({
    name,
    displayName: name,
    mountsData: true,
    selector: { "app.kubernetes.io/name": name },
    containerName: name,
    ...over,
  }) as StackApp;

const sonarr = pod();
const prowlarr = notReadyPod(
  { state: { kind: "waiting", reason: "CrashLoopBackOff" } },
  { name: "prowlarr-1", labels: { "app.kubernetes.io/name": "prowlarr" }, claimNames: [] },
);
const radarr = pod({
  name: "radarr-5c4-x1",
  labels: { "app.kubernetes.io/name": "radarr", "pod-template-hash": "5c4" },
});
// Same name prefix, ReplicaSet name and `app` label as radarr's, but not its selector's labels:
// none of the old guesses may claim it.
const impostor = pod({
  name: "radarr-5c4-zz",
  labels: { app: "radarr" },
  ownerReplicaSet: "radarr-5c4",
});

describe("appPods", () => {
  it("finds pods by the Deployment's selector, and only by it", () => {
    const pods = [sonarr, prowlarr, radarr, impostor];
    expect(appPods(app("sonarr"), pods).map((p) => p.name)).toEqual(["sonarr-7d9c-abcde"]);
    expect(appPods(app("prowlarr"), pods).map((p) => p.name)).toEqual(["prowlarr-1"]);
    expect(appPods(app("radarr"), pods).map((p) => p.name)).toEqual(["radarr-5c4-x1"]);
    expect(appPods(app("jellyfin"), pods)).toEqual([]);
  });

  it("needs every selector label, and an empty selector matches nothing", () => {
    const two = app("radarr", {
      selector: { "app.kubernetes.io/name": "radarr", "app.kubernetes.io/instance": "a" },
    });
    expect(appPods(two, [radarr])).toEqual([]);
    expect(appPods(app("radarr", { selector: {} }), [radarr])).toEqual([]);
  });

  it("gives a pod its app", () => {
    const apps = [app("sonarr"), app("radarr")];
    expect(podApp(radarr, apps)?.name).toBe("radarr");
    expect(podApp(impostor, apps)).toBeUndefined();
  });
});

describe("dataPodTargets", () => {
  const stack = {
    apps: [app("jellyfin"), app("sonarr"), app("radarr"), app("prowlarr", { mountsData: false })],
    dataVolume: { pvcName: "arr-data" } as never,
  };
  const jellyfin = pod({ name: "jellyfin-1", labels: { "app.kubernetes.io/name": "jellyfin" } });

  it("takes Ready pods that mount the claim, Radarr then Sonarr first, in the app's container", () => {
    const t = dataPodTargets(stack, [jellyfin, sonarr, radarr, prowlarr, impostor]);
    expect(t.map((x) => [x.app.name, x.target.pod, x.target.container])).toEqual([
      ["radarr", "radarr-5c4-x1", "radarr"],
      ["sonarr", "sonarr-7d9c-abcde", "sonarr"],
      ["jellyfin", "jellyfin-1", "jellyfin"],
    ]);
  });

  it("skips terminating, not Ready and claim-less pods", () => {
    const t = dataPodTargets(stack, [
      pod({ ...radarr, deletionTimestamp: "2026-11-25T10:00:00Z" }),
      pod({ ...sonarr, ready: false }),
      pod({ ...jellyfin, claimNames: ["jellyfin-config"] }),
    ]);
    expect(t).toEqual([]);
  });
});
