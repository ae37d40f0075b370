import { describe, expect, it } from "vitest";
import {
  credentialVersion,
  issueSession,
  SESSION_TTL_SECONDS,
  verifySession,
} from "./session-token";

const SECRET = "s".repeat(48);
const VER = credentialVersion(SECRET, "$scrypt$ln=14,r=8,p=5$salt$hash");
const NOW = 1_800_000_000;

describe("session cookie", () => {
  it("verifies what it issued", () => {
    const { value, payload } = issueSession(SECRET, VER, NOW);
    const r = verifySession(value, SECRET, VER, NOW + 10);
    expect(r).toEqual({ ok: true, payload });
    expect(payload.exp - payload.iat).toBe(SESSION_TTL_SECONDS);
  });

  it("expires", () => {
    const { value } = issueSession(SECRET, VER, NOW);
    expect(verifySession(value, SECRET, VER, NOW + SESSION_TTL_SECONDS)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("ends old sessions when the password hash changes", () => {
    const { value } = issueSession(SECRET, VER, NOW);
    const newVer = credentialVersion(SECRET, "$scrypt$ln=14,r=8,p=5$salt$other");
    expect(newVer).not.toBe(VER);
    expect(verifySession(value, SECRET, newVer, NOW + 1)).toEqual({
      ok: false,
      reason: "stale-version",
    });
  });

  it("rejects a value signed with another secret", () => {
    const { value } = issueSession("t".repeat(48), VER, NOW);
    expect(verifySession(value, SECRET, VER, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("rejects tampering with the payload", () => {
    const { value } = issueSession(SECRET, VER, NOW);
    const [body, sig] = value.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    payload.exp = NOW + 10 * SESSION_TTL_SECONDS;
    const forged = `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`;
    expect(verifySession(forged, SECRET, VER, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("rejects malformed values", () => {
    for (const v of ["", "abc", "a.b.c", ".sig", "x".repeat(2000), "e30.AAAA"]) {
      const r = verifySession(v, SECRET, VER, NOW);
      expect(r.ok).toBe(false);
    }
    expect(verifySession(undefined, SECRET, VER, NOW)).toEqual({ ok: false, reason: "missing" });
  });
});
