import { describe, expect, it } from "vitest";
import { BACKOFF_MS, ExecGuard, MAX_BACKOFF_MS } from "./inflight";

describe("ExecGuard (F6)", () => {
  it("admits one check per pod at a time, others in parallel", () => {
    const g = new ExecGuard();
    const a = g.admit("sonarr-1", "NFS probe", 0);
    expect(a.ok).toBe(true);
    const b = g.admit("sonarr-1", "hardlink audit", 0);
    expect(b).toMatchObject({ ok: false, reason: "NFS probe is still running in sonarr-1" });
    expect(g.admit("radarr-1", "NFS probe", 0).ok).toBe(true);
    if (a.ok) a.release();
    expect(g.admit("sonarr-1", "hardlink audit", 0).ok).toBe(true);
  });

  it("backs off while a check is stuck, doubling up to the maximum, until it is gone", () => {
    const g = new ExecGuard();
    const a = g.admit("p", "NFS probe", 0);
    if (a.ok) a.release();
    g.markStuck("p", 4242, "NFS probe", 0);
    const refused = g.admit("p", "NFS probe", BACKOFF_MS - 1);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/stuck in p \(pid 4242\)/);
    expect(g.admit("p", "NFS probe", BACKOFF_MS).ok).toBe(true);
    g.admit("q", "x", 0);
    let s = g.markStuck("p", null, "NFS probe", BACKOFF_MS);
    expect(s).toMatchObject({ pid: 4242, attempts: 2, until: BACKOFF_MS + 2 * BACKOFF_MS });
    for (let i = 0; i < 10; i++) s = g.markStuck("p", null, "NFS probe", 0);
    expect(s.until).toBe(MAX_BACKOFF_MS);
    g.clearStuck("p");
    expect(g.stuckOf("p")).toBeUndefined();
  });
});
