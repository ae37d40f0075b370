import { describe, expect, it } from "vitest";
import { appsConfig } from "./config";

const stack = {
  namespace: "media",
  apps: [
    { name: "sonarr", displayName: "Sonarr", serviceName: "sonarr", port: 8989 },
    { name: "qbittorrent", displayName: "qBittorrent", serviceName: "qbittorrent", port: 8080 },
  ],
} as unknown as Parameters<typeof appsConfig>[0];

describe("apps configuration", () => {
  it("derives in-cluster URLs from the manifests' Services", () => {
    const c = appsConfig(stack, {});
    expect(c.targets.sonarr?.baseUrl).toBe("http://sonarr.media.svc:8989");
    expect(c.targets.qbittorrent?.service).toEqual({
      name: "qbittorrent",
      namespace: "media",
      port: 8080,
    });
    expect(c.targets.radarr).toBeUndefined();
    expect(c.homepageUrl).toBeUndefined();
  });
  it("takes per-app overrides and the dashboard's own URLs, trimming the slash", () => {
    const c = appsConfig(stack, {
      ARR_APP_URL_SONARR: "http://127.0.0.1:41001/",
      ARR_HOMEPAGE_URL: "http://127.0.0.1:41005",
      ARR_UPTIME_KUMA_URL: "http://127.0.0.1:41006",
      ARR_UPTIME_KUMA_API_KEY: "uk1_secret",
    });
    expect(c.targets.sonarr?.baseUrl).toBe("http://127.0.0.1:41001");
    expect(c.targets.sonarr?.service.name).toBe("sonarr");
    expect(c.homepageUrl).toBe("http://127.0.0.1:41005");
    expect(c.uptimeKumaKeySet).toBe(true);
    expect(JSON.stringify(c)).not.toContain("uk1_secret");
  });
  it("reports a bad URL by its variable name, without its value", () => {
    const c = appsConfig(stack, {
      ARR_APP_URL_SONARR: "file:///etc/passwd",
      ARR_HOMEPAGE_URL: "http://u:p@h",
    });
    expect(c.targets.sonarr?.baseUrl).toBe("http://sonarr.media.svc:8989");
    expect(c.problems).toEqual([
      "ARR_APP_URL_SONARR is not an http(s) URL without credentials",
      "ARR_HOMEPAGE_URL is not an http(s) URL without credentials",
    ]);
  });
});
