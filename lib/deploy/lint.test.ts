import { describe, expect, it } from "vitest";
import type { ManifestObject } from "@/lib/stack/types";
import { isLinuxServerImage, lintManifests } from "./lint";

const deploy = (
  image: string,
  capabilities: Record<string, string[]> | undefined,
  name = "radarr",
): ManifestObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "media" },
  spec: {
    template: {
      spec: {
        containers: [
          { name, image, ...(capabilities ? { securityContext: { capabilities } } : {}) },
        ],
      },
    },
  },
});

describe("lintManifests (F9)", () => {
  it("flags a LinuxServer image with drop ALL and too little added back (ionfury/homelab 514)", () => {
    const f = lintManifests([
      deploy("lscr.io/linuxserver/radarr:6.4.4", { drop: ["ALL"], add: ["CHOWN"] }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      object: "Deployment/media/radarr",
      container: "radarr",
      rule: "linuxserver-capabilities",
    });
    expect(f[0]?.message).toMatch(/needs SETUID, SETGID \(dropped with ALL, not added back\)/);
    expect(f[0]?.message).toMatch(/s6-applyuidgid: Operation not permitted/);
  });

  it("flags a specific drop and accepts CAP_-prefixed or lower-case adds", () => {
    expect(
      lintManifests([deploy("ghcr.io/linuxserver/sonarr:4", { drop: ["SETUID"] })])[0]?.message,
    ).toMatch(/needs SETUID /);
    expect(
      lintManifests([
        deploy("linuxserver/sonarr:4", { drop: ["ALL"], add: ["cap_chown", "SETUID", "setgid"] }),
      ]),
    ).toEqual([]);
  });

  it("passes the seed's radarr (drop ALL, add CHOWN SETUID SETGID), no drop, and other images", () => {
    expect(
      lintManifests([
        deploy("lscr.io/linuxserver/radarr:6", {
          drop: ["ALL"],
          add: ["CHOWN", "SETUID", "SETGID"],
        }),
      ]),
    ).toEqual([]);
    expect(lintManifests([deploy("lscr.io/linuxserver/radarr:6", undefined)])).toEqual([]);
    expect(lintManifests([deploy("ghcr.io/hotio/radarr:6", { drop: ["ALL"] })])).toEqual([]);
  });

  it("recognises LinuxServer registries, not look-alikes", () => {
    expect(
      ["lscr.io/linuxserver/plex", "docker.io/linuxserver/plex", "linuxserver/plex:1"].every(
        isLinuxServerImage,
      ),
    ).toBe(true);
    expect(
      ["example.com/linuxserver/plex", "notlinuxserver/plex", "lscr.io/other/plex"].some(
        isLinuxServerImage,
      ),
    ).toBe(false);
  });
});
