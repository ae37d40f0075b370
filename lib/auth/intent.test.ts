import { describe, expect, it } from "vitest";
import { IntentStore, RevokedSessions } from "./intent";

describe("IntentStore", () => {
  it("consumes a token once, for its own session, action and target", () => {
    const s = new IntentStore(10, 1000);
    const t = s.issue("sid1", "restart", "sonarr", 0)!;
    expect(s.consume(t, "sid2", "restart", "sonarr", 1).ok).toBe(false);
    expect(s.consume(t, "sid1", "restart", "radarr", 1).ok).toBe(false);
    expect(s.consume(t, "sid1", "restart", "sonarr", 1)).toEqual({ ok: true });
    expect(s.consume(t, "sid1", "restart", "sonarr", 2)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/already used/),
    });
  });

  it("expires", () => {
    const s = new IntentStore(10, 1000);
    const t = s.issue("sid", "stop", "sonarr", 0)!;
    expect(s.consume(t, "sid", "stop", "sonarr", 1000)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
  });

  it("refuses to issue when full of live intents, and recovers as they expire", () => {
    const s = new IntentStore(2, 1000);
    expect(s.issue("a", "x", "y", 0)).toBeTypeOf("string");
    expect(s.issue("a", "x", "y", 0)).toBeTypeOf("string");
    expect(s.issue("a", "x", "y", 10)).toBeNull();
    expect(s.issue("a", "x", "y", 1000)).toBeTypeOf("string");
  });
});

describe("RevokedSessions", () => {
  it("remembers logouts and fails closed when full", () => {
    const r = new RevokedSessions(2);
    r.revoke("a", 100, 0);
    expect(r.isRevoked("a", 0)).toBe(true);
    expect(r.isRevoked("b", 0)).toBe(false);
    r.revoke("b", 100, 0);
    r.revoke("c", 100, 5);
    // Table full of live entries: everything issued up to now is ended.
    expect(r.isRevoked("a", 0)).toBe(true);
    expect(r.isRevoked("zzz", 5)).toBe(true);
    expect(r.isRevoked("new", 7)).toBe(false);
  });

  it("survives a round trip through JSON (a restart), without entries already expired", () => {
    const r = new RevokedSessions();
    r.revoke("live", 200, 0);
    r.revoke("old", 50, 0);
    const back = RevokedSessions.fromJSON(JSON.parse(JSON.stringify(r)), 100);
    expect(back.isRevoked("live", 10)).toBe(true);
    expect(back.isRevoked("old", 10)).toBe(false);
    expect(back.isRevoked("other", 10)).toBe(false);
    expect(RevokedSessions.fromJSON({ revoked: [[1, "x"], "y"], notBefore: "z" }, 0)).toEqual(
      new RevokedSessions(),
    );
  });
});
