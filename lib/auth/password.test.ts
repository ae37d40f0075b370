import { describe, expect, it } from "vitest";
import { hashPassword, memoryFor, parsePasswordHash, verifyPassword } from "./password";

// Cheap parameters keep the suite fast; the defaults are exercised once.
const FAST = { ln: 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("round-trips the default parameters", async () => {
    const h = await hashPassword("correct horse battery staple");
    expect(h).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await verifyPassword("correct horse battery staple", h)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", h)).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("pw", FAST), hashPassword("pw", FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("pw", a)).toBe(true);
    expect(await verifyPassword("pw", b)).toBe(true);
  });

  it("normalises Unicode so composed and decomposed input match", async () => {
    const h = await hashPassword("caf\u00e9", FAST);
    expect(await verifyPassword("cafe\u0301", h)).toBe(true);
  });

  it("rejects malformed hashes without echoing them", () => {
    for (const bad of [
      "",
      "plain",
      "$scrypt$ln=14,r=8,p=1$c2FsdA$aGFzaA",
      "$argon2id$v=19$m=1,t=1,p=1$x$y",
      "$scrypt$ln=14,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]) {
      expect(() => parsePasswordHash(bad)).toThrow(/format|salt|bytes/);
      try {
        parsePasswordHash(bad);
      } catch (e) {
        if (bad.length > 6) expect((e as Error).message).not.toContain(bad);
      }
    }
  });

  it("refuses parameters that would cost too much memory or time", () => {
    const salt = "A".repeat(22);
    const key = "B".repeat(43);
    expect(() => parsePasswordHash(`$scrypt$ln=21,r=8,p=1$${salt}$${key}`)).toThrow(/ln must be/);
    expect(() => parsePasswordHash(`$scrypt$ln=20,r=32,p=1$${salt}$${key}`)).toThrow(/256 MiB/);
    expect(() => parsePasswordHash(`$scrypt$ln=14,r=8,p=17$${salt}$${key}`)).toThrow(/p must be/);
    expect(memoryFor({ ln: 14, r: 8, p: 5 })).toBe(16 * 1024 * 1024);
  });

  it("verifies a hash produced elsewhere in the documented format", async () => {
    const { scryptSync } = await import("node:crypto");
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync("hunter2", salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `$scrypt$ln=10,r=8,p=1$${salt.toString("base64").replace(/=+$/, "")}$${key.toString("base64").replace(/=+$/, "")}`;
    expect(await verifyPassword("hunter2", stored)).toBe(true);
    expect(await verifyPassword("hunter3", stored)).toBe(false);
  });
});
