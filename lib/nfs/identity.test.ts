import { describe, expect, it } from "vitest";
import { appIdentity } from "./identity";

const deployment = (container: object, podSecurityContext?: object) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "radarr" },
  spec: {
    template: {
      spec: {
        ...(podSecurityContext ? { securityContext: podSecurityContext } : {}),
        containers: [{ name: "radarr", ...container }],
      },
    },
  },
});

describe("appIdentity (F5)", () => {
  it("takes a LinuxServer image's PUID/PGID", () => {
    expect(
      appIdentity(
        deployment({
          env: [
            { name: "PUID", value: "1000" },
            { name: "PGID", value: "1001" },
          ],
        }),
        "radarr",
      ),
    ).toEqual({ uid: 1000, gid: 1001, source: "PUID/PGID" });
  });

  it("falls back to the container's, then the pod's securityContext", () => {
    expect(
      appIdentity(
        deployment({ securityContext: { runAsUser: 10001 } }, { runAsGroup: 5 }),
        "radarr",
      ),
    ).toEqual({ uid: 10001, gid: 5, source: "securityContext" });
    expect(appIdentity(deployment({}, { runAsUser: 1000, runAsGroup: 100 }), "radarr")).toEqual({
      uid: 1000,
      gid: 100,
      source: "securityContext",
    });
  });

  it("says nothing when the Deployment does not tell, or is not one", () => {
    expect(appIdentity(deployment({}), "radarr")).toBeNull();
    expect(appIdentity(deployment({ env: [{ name: "PUID", value: "abc" }] }), "radarr")).toBeNull();
    expect(appIdentity(deployment({ env: [{ name: "PUID", value: "1000" }] }), "other")).toBeNull();
    expect(appIdentity({ kind: "Service" }, "radarr")).toBeNull();
  });
});
