import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authConfig } from "./config";
import { hashPassword, verifyPassword } from "./password";

const KEYS = [
  "ARR_STATE_DIR",
  "ARR_ADMIN_PASSWORD_HASH",
  "ARR_SESSION_SECRET",
  "ARR_ADMIN_PASSWORD",
  "ARR_DEV_MODE",
  "NODE_ENV",
  "KUBERNETES_SERVICE_HOST",
] as const;
let saved: Record<string, string | undefined>;
// NODE_ENV is typed read-only; the tests need to set it.
const env = process.env as Record<string, string | undefined>;

function fresh(): void {
  (globalThis as { __arrAuthConfig?: unknown }).__arrAuthConfig = undefined;
}

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  for (const k of KEYS) delete env[k];
  process.env.ARR_STATE_DIR = mkdtempSync(path.join(tmpdir(), "arr-auth-"));
  fresh();
});

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete env[k];
    else env[k] = saved[k];
  }
  fresh();
  vi.restoreAllMocks();
});

describe("authConfig", () => {
  it("generates a password once, prints it, keeps only its hash in a 0600 file, and reuses it", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const first = await authConfig();
    expect(first.source).toBe("generated");
    const printed = /\n {4}(\S+)\n/.exec(String(log.mock.calls[0]?.[0]))?.[1];
    expect(printed).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const file = path.join(process.env.ARR_STATE_DIR!, "auth.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, "utf8");
    expect(stored).not.toContain(printed);
    expect(await verifyPassword(printed!, first.hash)).toBe(true);

    // A restart: same hash and secret, nothing printed.
    fresh();
    log.mockClear();
    const again = await authConfig();
    expect(log).not.toHaveBeenCalled();
    expect(again.version).toBe(first.version);
    expect(again.sessionSecret).toBe(first.sessionSecret);
  });

  it("takes the hash and secret from the environment, and a new hash changes the session version", async () => {
    process.env.ARR_ADMIN_PASSWORD_HASH = await hashPassword("from-a-secret", {
      ln: 10,
      r: 8,
      p: 1,
    });
    process.env.ARR_SESSION_SECRET = "s".repeat(40);
    const a = await authConfig();
    expect(a.source).toBe("env-hash");
    expect(await verifyPassword("from-a-secret", a.hash)).toBe(true);
    fresh();
    process.env.ARR_ADMIN_PASSWORD_HASH = await hashPassword("rotated", { ln: 10, r: 8, p: 1 });
    expect((await authConfig()).version).not.toBe(a.version);
  });

  it("accepts a plain ARR_ADMIN_PASSWORD only in dev/test mode and never in a pod", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.ARR_ADMIN_PASSWORD = "plain";
    process.env.ARR_SESSION_SECRET = "s".repeat(40);
    env.NODE_ENV = "production";
    await expect(authConfig()).rejects.toThrow(/only in dev\/test mode/);
    fresh();
    process.env.ARR_DEV_MODE = "1";
    expect((await authConfig()).source).toBe("dev-plain-password");
    fresh();
    process.env.KUBERNETES_SERVICE_HOST = "10.0.0.1";
    await expect(authConfig()).rejects.toThrow(/only in dev\/test mode outside a cluster|Secret/);
  });

  it("refuses a short session secret and a malformed hash", async () => {
    process.env.ARR_SESSION_SECRET = "short";
    await expect(authConfig()).rejects.toThrow(/at least 32/);
    fresh();
    process.env.ARR_SESSION_SECRET = "s".repeat(40);
    process.env.ARR_ADMIN_PASSWORD_HASH = "$2b$10$bcrypt-is-not-this-format";
    await expect(authConfig()).rejects.toThrow(/not in the format/);
  });
});
