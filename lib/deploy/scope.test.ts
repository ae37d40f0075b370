import { describe, expect, it } from "vitest";
import type { ManifestObject, Stack, StackApp } from "@/lib/stack/types";
import { applyWaves, appsForScope, objectsForScope, ownerApp } from "./scope";

const obj = (kind: string, name: string, extra: Partial<ManifestObject> = {}): ManifestObject => ({
  apiVersion: "v1",
  kind,
  metadata: {
    name,
    namespace: kind === "Namespace" || kind === "PersistentVolume" ? undefined : "media",
  },
  ...extra,
});

const app = (name: string, host?: string, routeName = name): StackApp => ({
  name,
  displayName: name,
  image: `img/${name}:1`,
  version: "1",
  port: 80,
  host,
  serviceName: name,
  configClaim: { name: `${name}-config`, storageClassName: "longhorn", sizeBytes: 1, size: "2Gi" },
  mountsData: true,
  requests: { cpuMillis: 1, memoryBytes: 1 },
  limits: { cpuMillis: 1, memoryBytes: 1 },
  routeName,
  selector: { "app.kubernetes.io/name": name },
  containerName: name,
});

const objects = [
  obj("Namespace", "media"),
  obj("PersistentVolume", "arr-data-nfs"),
  obj("PersistentVolumeClaim", "arr-data"),
  obj("PersistentVolumeClaim", "sonarr-config"),
  obj("PersistentVolumeClaim", "radarr-config"),
  obj("Deployment", "sonarr"),
  obj("Deployment", "radarr"),
  obj("Service", "sonarr"),
  obj("Service", "radarr"),
  obj("HTTPRoute", "sonarr-route", { spec: { hostnames: ["sonarr.k8s.example.com"] } }),
  obj("HTTPRoute", "radarr", {}),
  obj("CiliumNetworkPolicy", "media-policy"),
];
const stack = {
  namespace: "media",
  apps: [app("sonarr", "sonarr.k8s.example.com", "sonarr-route"), app("radarr")],
  objects,
} as unknown as Stack;

describe("deploy scope", () => {
  it("finds each object's app by the names the loader recorded (Deployment, claim, Service, route)", () => {
    expect(objects.map((o) => ownerApp(o, stack.apps) ?? "-")).toEqual([
      "-",
      "-",
      "-",
      "sonarr",
      "radarr",
      "sonarr",
      "radarr",
      "sonarr",
      "radarr",
      "sonarr",
      "radarr",
      "-",
    ]);
    // No guessing from labels: an object the loader did not record for an app is shared.
    expect(
      ownerApp(
        obj("ConfigMap", "x", {
          metadata: { name: "x", labels: { "app.kubernetes.io/name": "radarr" } },
        }),
        stack.apps,
      ),
    ).toBeUndefined();
  });

  it("deploys one app with the shared objects it needs, in order", () => {
    expect(objectsForScope(stack, "sonarr").map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Namespace/media",
      "PersistentVolume/arr-data-nfs",
      "PersistentVolumeClaim/arr-data",
      "PersistentVolumeClaim/sonarr-config",
      "Deployment/sonarr",
      "Service/sonarr",
      "HTTPRoute/sonarr-route",
      "CiliumNetworkPolicy/media-policy",
    ]);
    expect(objectsForScope(stack, "all")).toHaveLength(objects.length);
    expect(appsForScope(stack, "radarr").map((a) => a.name)).toEqual(["radarr"]);
  });

  it("groups consecutive kinds into waves", () => {
    expect(applyWaves(objects).map((w) => w.map((o) => o.metadata.name).join("+"))).toEqual([
      "media",
      "arr-data-nfs",
      "arr-data+sonarr-config+radarr-config",
      "sonarr+radarr",
      "sonarr+radarr",
      "sonarr-route+radarr",
      "media-policy",
    ]);
  });
});
