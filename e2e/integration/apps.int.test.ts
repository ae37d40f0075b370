// The seven app items against the local cluster (issue 11, deliverable 9): the real qBittorrent
// (Debian's qbittorrent-nox) and the stand-ins started by e2e/cluster/up.sh, keys read from the
// Secret media/arr-api-keys through the dashboard's RBAC path. Each item turns red and green;
// a wrong key fails naming it, an app that is down and a missing Secret are could-not-check, and
// no key appears in any response body or log line.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateAppChecks, type AppCheckId } from "@/lib/apps/checks";
import { gatherAppsEvidence, resetAppsState } from "@/lib/apps/server";
import type { CheckItem } from "@/lib/checks/types";
import { getStack } from "@/lib/stack/server";
import { GET as homepageRoute } from "@/app/api/homepage/route";
import { gatherChecklist } from "@/lib/checks/server";
import { stopLiveModel } from "@/lib/k8s/live";
import {
  appKeys,
  editStandinState,
  qbittorrentSession,
  qbtSetPreferences,
  resetStandins,
  setSecretManaged,
  standinDown,
  type AppKeys,
} from "@/e2e/support/apps";
import { captureOutput } from "@/e2e/support/output";
import { core, waitFor } from "@/e2e/support/kube";

const stack = getStack();
const widgets = stack.apps.flatMap((a) =>
  a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
);
let keys: AppKeys;

async function items(): Promise<Record<AppCheckId, CheckItem>> {
  resetAppsState();
  return evaluateAppChecks(await gatherAppsEvidence(stack, { maxAgeMs: 0 }), widgets);
}
const text = (i: CheckItem) => [i.summary, ...i.evidence].join("\n");

let createdNamespace = false;
const secretPresent = async () =>
  (await core
    .readNamespacedSecret({ name: "arr-api-keys", namespace: "media" })
    .catch(() => null)) ?? null;

beforeAll(async () => {
  keys = appKeys();
  // sim-infra creates the Secret as soon as `media` exists (the operator's seed step 4.25.9.5).
  if (!(await core.readNamespace({ name: "media" }).catch(() => null))) {
    await core.createNamespace({ body: { metadata: { name: "media" } } });
    createdNamespace = true;
  }
  await resetStandins();
  await waitFor("Secret media/arr-api-keys", secretPresent, 60_000);
});
beforeEach(async () => {
  await resetStandins();
});
afterAll(async () => {
  await resetStandins();
  await waitFor("Secret media/arr-api-keys", secretPresent, 60_000);
  if (createdNamespace) await core.deleteNamespace({ name: "media" }).catch(() => undefined);
  stopLiveModel();
});

describe("the seven app items on the local cluster", () => {
  it("answer the half-wired default from the Secret's keys: real passes and real failures", async () => {
    const i = await items();
    expect(i["sonarr-config"].verdict, text(i["sonarr-config"])).toBe("pass");
    expect(i["radarr-config"].verdict).toBe("fail");
    expect(text(i["radarr-config"])).toContain("RemotePathMappingCheck");
    // The real qBittorrent 4.5.2 still saves to LinuxServer's default.
    expect(i["qbittorrent-paths"]).toMatchObject({ verdict: "fail" });
    expect(i["qbittorrent-paths"].summary).toContain("/downloads");
    expect(i["qbittorrent-paths"].evidence.join("\n")).toMatch(/qBittorrent v4\.\d/);
    for (const x of Object.values(i)) expect(x.verdict).not.toBe("not-checked");
  });

  it("qBittorrent paths: red on /downloads, green once the save path is /data/torrents/", async () => {
    const s = await qbittorrentSession(keys);
    await qbtSetPreferences(s, { save_path: "/data/torrents/" });
    const i = await items();
    expect(i["qbittorrent-paths"].verdict, text(i["qbittorrent-paths"])).toBe("pass");
    expect(text(i["qbittorrent-paths"])).toContain("radarr (Radarr) → /data/torrents/radarr");
  });

  it("Radarr: missing root folder and a RemotePathMappingCheck fail; fixed, they go", async () => {
    let i = await items();
    expect(text(i["radarr-config"])).toContain("no root folder /data/media/movies");
    await editStandinState("radarr", (st) => {
      st.rootFolders = [
        {
          id: 1,
          path: "/data/media/movies/",
          accessible: true,
          freeSpace: 1e12,
          unmappedFolders: [],
        },
      ];
      st.health = [];
    });
    i = await items();
    expect(text(i["radarr-config"])).not.toContain("no root folder");
    expect(text(i["radarr-config"])).not.toContain("RemotePathMappingCheck");
  });

  it("Prowlarr: app sync disabled fails; Sonarr's indexers still count", async () => {
    await editStandinState("prowlarr", (st) => {
      for (const a of st.applications) if (a.implementation === "Sonarr") a.syncLevel = "disabled";
    });
    const i = await items();
    expect(i["prowlarr-indexers"].verdict).toBe("fail");
    expect(text(i["prowlarr-indexers"])).toContain("Sonarr application");
    expect(text(i["prowlarr-indexers"])).toContain("sync disabled");
  });

  it("Jellyfin: a library on the wrong path fails naming both paths", async () => {
    await editStandinState("jellyfin", (st) => {
      for (const f of st.virtualFolders)
        if (f.CollectionType === "movies") f.Locations = ["/movies"];
    });
    const i = await items();
    expect(i["jellyfin-library"].verdict).toBe("fail");
    expect(text(i["jellyfin-library"])).toMatch(/\/movies.*\/data\/media\/movies/);
  });

  it("an app that is down is could-not-check; the others still answer", async () => {
    await standinDown("sonarr");
    const i = await items();
    expect(i["sonarr-config"].verdict).toBe("could-not-check");
    expect(i["sonarr-config"].summary).toContain("Sonarr unreachable");
    expect(i["radarr-config"].verdict).toBe("fail");
  });

  it("a wrong key fails naming it; a missing Secret makes the items could-not-check", async () => {
    await setSecretManaged(false);
    const api = core;
    const secret = await api.readNamespacedSecret({ name: "arr-api-keys", namespace: "media" });
    await api.replaceNamespacedSecret({
      name: "arr-api-keys",
      namespace: "media",
      body: {
        ...secret,
        data: { ...secret.data, SONARR_API_KEY: Buffer.from("f".repeat(32)).toString("base64") },
      },
    });
    let i = await items();
    expect(i["sonarr-config"]).toMatchObject({
      verdict: "fail",
      summary: expect.stringContaining("SONARR_API_KEY"),
    });
    await api.deleteNamespacedSecret({ name: "arr-api-keys", namespace: "media" });
    i = await items();
    for (const id of [
      "sonarr-config",
      "radarr-config",
      "qbittorrent-paths",
      "jellyfin-library",
    ] as const) {
      expect(i[id].verdict, id).toBe("could-not-check");
      expect(i[id].summary, id).toContain("Secret media/arr-api-keys not found");
    }
    await setSecretManaged(true);
    await waitFor("the Secret back", secretPresent, 60_000);
  });

  it("no key reaches a response body or a log line", async () => {
    const { result: bodies, lines } = await captureOutput(async () => {
      process.env.ARR_HOMEPAGE_TOKEN ??= "test-homepage-token-0123456789";
      resetAppsState();
      const checklist = await gatherChecklist();
      const res = await homepageRoute(
        new Request("http://localhost/api/homepage", {
          headers: { authorization: `Bearer ${process.env.ARR_HOMEPAGE_TOKEN}` },
        }),
      );
      const out = [JSON.stringify(checklist), await res.text()];
      expect(res.status).toBe(200);
      expect(JSON.parse(out[1] ?? "{}").checks.notChecked).toBe(0);
      return out;
    });
    const all = [...bodies, ...lines].join("\n");
    for (const [name, value] of Object.entries(keys))
      expect(all.includes(value), `${name} leaked`).toBe(false);
  });
});
