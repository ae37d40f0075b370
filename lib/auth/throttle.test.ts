import { describe, expect, it } from "vitest";
import {
  clientDelayMs,
  clientKey,
  DEFAULT_THROTTLE,
  LoginThrottle,
  type ThrottleConfig,
} from "./throttle";

const CFG: ThrottleConfig = { ...DEFAULT_THROTTLE, globalBurst: 1000, globalPerMinute: 1000 };

describe("clientDelayMs", () => {
  it("is free for the first failures, then doubles up to the cap", () => {
    expect([0, 1, 4].map((n) => clientDelayMs(n))).toEqual([0, 0, 0]);
    expect(clientDelayMs(5)).toBe(30_000);
    expect(clientDelayMs(6)).toBe(60_000);
    expect(clientDelayMs(7)).toBe(120_000);
    expect(clientDelayMs(10)).toBe(15 * 60_000);
    expect(clientDelayMs(10_000)).toBe(15 * 60_000);
  });
});

describe("LoginThrottle per client", () => {
  it("locks a client after five failures and tells how long", () => {
    const t = new LoginThrottle(CFG, 0);
    for (let i = 0; i < 5; i++) {
      expect(t.check("1.2.3.4", i * 1000)).toEqual({ allowed: true });
      t.fail("1.2.3.4", i * 1000);
    }
    expect(t.check("1.2.3.4", 5000)).toEqual({
      allowed: false,
      retryAfterMs: 29_000,
      scope: "client",
    });
    expect(t.check("5.6.7.8", 5000)).toEqual({ allowed: true });
    expect(t.check("1.2.3.4", 4000 + 30_000)).toEqual({ allowed: true });
    t.fail("1.2.3.4", 34_000);
    expect(t.check("1.2.3.4", 35_000)).toMatchObject({ allowed: false, retryAfterMs: 59_000 });
  });

  it("forgets a client after the quiet period and on success", () => {
    const t = new LoginThrottle(CFG, 0);
    for (let i = 0; i < 7; i++) t.fail("a", 0);
    expect(t.failuresOf("a", 1)).toBe(7);
    expect(t.failuresOf("a", CFG.forgetAfterMs)).toBe(0);
    for (let i = 0; i < 3; i++) t.fail("b", 0);
    t.succeed("b");
    expect(t.failuresOf("b", 1)).toBe(0);
  });

  it("never evicts a record to make room: unknown clients are refused when full", () => {
    const t = new LoginThrottle({ ...CFG, maxClients: 3 }, 0);
    for (const k of ["a", "b", "c"]) t.fail(k, 0);
    expect(t.check("d", 1)).toMatchObject({ allowed: false, scope: "capacity" });
    t.fail("d", 1);
    expect(t.size).toBe(3);
    expect(t.failuresOf("a", 2)).toBe(1);
    // Once the old records age out there is room again.
    expect(t.check("d", CFG.forgetAfterMs + 1)).toEqual({ allowed: true });
  });
});

describe("LoginThrottle overall", () => {
  it("spends one token per failure across all clients and refills over time", () => {
    const t = new LoginThrottle({ ...DEFAULT_THROTTLE, globalBurst: 3, globalPerMinute: 6 }, 0);
    t.fail("a", 0);
    t.fail("b", 0);
    t.fail("c", 0);
    expect(t.check("d", 0)).toEqual({ allowed: false, retryAfterMs: 10_000, scope: "global" });
    expect(t.check("d", 10_000)).toEqual({ allowed: true });
    t.fail("d", 10_000);
    expect(t.check("e", 15_000)).toEqual({ allowed: false, retryAfterMs: 5_000, scope: "global" });
  });

  it("survives a restart through toJSON/fromJSON and ignores junk", () => {
    const t = new LoginThrottle(CFG, 0);
    for (let i = 0; i < 6; i++) t.fail("a", 100);
    const restored = LoginThrottle.fromJSON(JSON.parse(JSON.stringify(t)), CFG, 200);
    expect(restored.failuresOf("a", 200)).toBe(6);
    expect(restored.check("a", 200).allowed).toBe(false);
    const junk = LoginThrottle.fromJSON(
      { clients: [["x", { failures: -1, lastFailureMs: 0 }], [1, 2], "z"], tokens: "lots" },
      CFG,
      0,
    );
    expect(junk.size).toBe(0);
    // A saved timestamp from the future cannot extend a lock beyond the rules.
    const future = LoginThrottle.fromJSON(
      { clients: [["f", { failures: 6, lastFailureMs: 9e15 }]] },
      CFG,
      1000,
    );
    expect(future.check("f", 1000 + 60_000)).toEqual({ allowed: true });
  });
});

describe("clientKey", () => {
  it("behind one trusted proxy, takes the entry it appended (the right-most)", () => {
    expect(clientKey("203.0.113.9, 10.0.0.1", "10.9.9.9", 1)).toBe("10.0.0.1");
    expect(clientKey("::ffff:192.168.1.5", null, 1)).toBe("192.168.1.5");
    expect(clientKey("", null, 1)).toBe("unknown");
    expect(clientKey(null, null, 1)).toBe("unknown");
    expect(clientKey("not-an-ip", null, 1)).toBe("unknown");
  });

  it("behind two, the second from the right; what the client wrote further left never counts", () => {
    expect(clientKey("198.51.100.1, 203.0.113.9, 10.0.0.1", null, 2)).toBe("203.0.113.9");
    expect(clientKey("10.0.0.1", null, 2)).toBe("unknown");
  });

  it("with no trusted proxy, ignores X-Forwarded-For and takes the TCP peer", () => {
    // A client choosing its own key would get a fresh throttle bucket per request.
    expect(clientKey("198.51.100.7", "127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientKey("198.51.100.7", null, 0)).toBe("unknown");
    expect(clientKey(null, "::ffff:192.0.2.3", 0)).toBe("192.0.2.3");
  });

  it("groups IPv6 clients by /64", () => {
    expect(clientKey("2001:db8:1:2:aaaa::1", null, 1)).toBe("2001:db8:1:2/64");
    expect(clientKey("2001:db8:1:2:bbbb:cccc:dddd:eeee", null, 1)).toBe("2001:db8:1:2/64");
    expect(clientKey("::1", null, 1)).toBe("0:0:0:0/64");
    expect(clientKey("2001:db8::5", null, 1)).toBe("2001:db8:0:0/64");
    expect(clientKey(null, "2001:db8::5", 0)).toBe("2001:db8:0:0/64");
  });
});
