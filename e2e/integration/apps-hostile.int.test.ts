// A hostile or broken app cannot hurt the dashboard (issue 11, deliverable 6): invalid JSON, a
// 50 MB body, a 30-second stall, an HTML login page and a redirect loop each give a clear
// could-not-check for that app within the 5 s bound, while every other item still answers.
// qBittorrent: a failed login is never retried. The stand-ins run in this process on loopback;
// the keys are handed over directly (the Secret path is covered by apps.int.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateAppChecks, type AppCheckId } from "@/lib/apps/checks";
import { gatherAppsEvidence, resetAppsState, sentRequests } from "@/lib/apps/server";
import type { AppKeys, HostileMode } from "@/e2e/apps/contract";
import type { Standins } from "@/e2e/apps/server";
import {
  inProcessStandins,
  resetStandins,
  standinHostile,
  standinRequests,
} from "@/e2e/support/apps";
import { getStack } from "@/lib/stack/server";
import type { CheckItem } from "@/lib/checks/types";

const stack = getStack();
let local: Awaited<ReturnType<typeof inProcessStandins>>;
let standins: Standins;
let env: Record<string, string>;
let keys: AppKeys;
const secretKeys = (over?: Partial<Record<string, string>>) => local.secret(over);

const widgets = stack.apps.flatMap((a) =>
  a.homepageWidget ? [{ displayName: a.displayName, widget: a.homepageWidget }] : [],
);

async function checks(
  over?: Partial<Record<string, string>>,
  envOver: Record<string, string | undefined> = {},
): Promise<{ items: Record<AppCheckId, CheckItem>; ms: number }> {
  const t0 = performance.now();
  const ev = await gatherAppsEvidence(stack, {
    maxAgeMs: 0,
    env: { ...env, ...envOver },
    keys: secretKeys(over),
  });
  return { items: evaluateAppChecks(ev, widgets), ms: performance.now() - t0 };
}

beforeAll(async () => {
  local = await inProcessStandins();
  ({ standins, env, keys } = local);
});

afterAll(async () => {
  await standins?.close();
});

beforeEach(async () => {
  await resetStandins(standins.controlUrl);
  resetAppsState();
});

describe("the app checks against the stand-ins, in process", () => {
  it("answer every item from the half-wired default (no not-checked)", async () => {
    const { items } = await checks();
    expect(items["sonarr-config"].verdict, items["sonarr-config"].summary).toBe("pass");
    expect(items["radarr-config"].verdict).toBe("fail");
    for (const i of Object.values(items)) expect(i.verdict).not.toBe("not-checked");
    // The stand-in qBittorrent 5.2 (204 login, QBT_SID_<port> cookie) keeps LinuxServer's default.
    expect(items["qbittorrent-paths"].summary).toContain("/downloads");
  });

  const cases: [HostileMode, RegExp][] = [
    ["invalid-json", /Sonarr answered invalid JSON/],
    ["huge-body", /Sonarr answered more than 2 MB; stopped reading/],
    ["stall", /Sonarr did not answer within 5 s/],
    ["html-login", /Sonarr answered HTML, not JSON \(wrong URL or a login page\?\)/],
    ["redirect-loop", /Sonarr answered a redirect \(HTTP 302\); not followed/],
  ];
  it.each(cases)(
    "Sonarr answering %s: could-not-check for Sonarr only, within the bound",
    async (mode, message) => {
      await standinHostile("sonarr", mode, standins.controlUrl);
      const { items, ms } = await checks();
      const sonarr = items["sonarr-config"];
      expect(sonarr.verdict).toBe("could-not-check");
      expect(sonarr.summary).toMatch(message);
      // The failure stays Sonarr's: no other item reports it (each still answers on its own).
      for (const id of [
        "qbittorrent-paths",
        "radarr-config",
        "uptime-kuma",
        "homepage-entries",
      ] as const) {
        expect(items[id].evidence.join("\n"), id).not.toMatch(message);
        expect(items[id].verdict, id).not.toBe("not-checked");
      }
      // One deadline per request: a stalled app costs the checklist at most ~5 s, not 30 s.
      expect(ms).toBeLessThan(15_000);
    },
  );

  it("never retries a failed qBittorrent login", async () => {
    const wrong = { QBITTORRENT_PASSWORD: "not-the-password" };
    // Without Homepage: its qbittorrent widget logs in to the same stand-in on its own.
    const noHomepage = { ARR_HOMEPAGE_URL: undefined };
    const standinLogins = async () => {
      const seen = await standinRequests(standins.controlUrl);
      return Object.entries(seen.qbittorrent52 ?? {})
        .filter(([k]) => k.includes("auth/login"))
        .reduce((n, [, v]) => n + v, 0);
    };
    // A login that timed out was not refused, so it may be tried again (a loaded machine can
    // stall one); the first refusal is final.
    let summary = "";
    for (let i = 0; i < 3 && !summary.includes("not retrying"); i++)
      summary = (await checks(wrong, noHomepage)).items["qbittorrent-paths"].summary;
    expect(summary).toContain("login failed; not retrying (qBittorrent bans after 5 failures)");
    const sent = sentRequests().get("qbittorrent /api/v2/auth/login");
    const received = await standinLogins();
    for (let i = 0; i < 6; i++) await checks(wrong, noHomepage);
    expect(sentRequests().get("qbittorrent /api/v2/auth/login")).toBe(sent);
    expect(await standinLogins()).toBe(received);
    // The right password is a new credential: one new login, which succeeds.
    const right = await checks({}, noHomepage);
    expect(right.items["qbittorrent-paths"].summary).toContain("/downloads");
    expect(await standinLogins()).toBe(received + 1);
  });

  it("a missing key is could-not-check naming it; a wrong key fails naming it", async () => {
    const { items } = await checks({ RADARR_API_KEY: undefined, JELLYFIN_API_KEY: "0".repeat(32) });
    expect(items["radarr-config"]).toMatchObject({
      verdict: "could-not-check",
      summary: expect.stringContaining("RADARR_API_KEY is not set in Secret media/arr-api-keys"),
    });
    expect(items["jellyfin-library"]).toMatchObject({
      verdict: "fail",
      summary: expect.stringContaining("JELLYFIN_API_KEY"),
    });
  });

  it("no key appears in any item", async () => {
    await standinHostile("sonarr", "html-login", standins.controlUrl);
    const all = [await checks(), await checks({ QBITTORRENT_PASSWORD: "wrong-password-123" })];
    const text = JSON.stringify(all.map((a) => a.items));
    for (const [name, value] of Object.entries(keys))
      expect(text.includes(value), `${name} leaked`).toBe(false);
    expect(text).not.toContain("wrong-password-123");
  });
});
