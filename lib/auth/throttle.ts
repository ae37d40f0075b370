/**
 * Login throttling arithmetic, pure (the clock is passed in).
 *
 * Two limits, both on *failed* attempts:
 * - per client: the first {@link ThrottleConfig.freeFailures} failures cost nothing; after that each
 *   further attempt must wait `baseDelayMs · 2^(failures − freeFailures)`, capped at `maxDelayMs`.
 *   A client's record is forgotten `forgetAfterMs` after its last failure, or on a success.
 * - overall: a token bucket (capacity `globalBurst`, refilled at `globalPerMinute`/min). Each
 *   failure takes a token; with none left every client waits. It bounds guessing from many
 *   addresses and, with `forgetAfterMs`, bounds how many client records can exist at once.
 *
 * Lessons from Argo CD's CVEs: records are never evicted to make room (CVE-2024-21662) — when
 * the table is full, unknown clients are refused instead — and the state can be saved and
 * restored so a crash does not reset it (CVE-2024-21652; see `toJSON`/`fromJSON`).
 */

export interface ThrottleConfig {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  globalBurst: number;
  globalPerMinute: number;
  maxClients: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
  freeFailures: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
  globalBurst: 30,
  globalPerMinute: 20,
  maxClients: 10_000,
};

interface ClientRecord {
  failures: number;
  lastFailureMs: number;
}

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; retryAfterMs: number; scope: "client" | "global" | "capacity" };

export interface ThrottleSnapshot {
  clients: [string, ClientRecord][];
  tokens: number;
  tokensAtMs: number;
}

/** Delay a client must wait after `failures` failed attempts (0 while under the free allowance). */
export function clientDelayMs(failures: number, cfg: ThrottleConfig = DEFAULT_THROTTLE): number {
  if (failures < cfg.freeFailures) return 0;
  const exp = failures - cfg.freeFailures;
  // 2^exp overflows to Infinity for large exp; the cap keeps it finite.
  return Math.min(cfg.maxDelayMs, cfg.baseDelayMs * 2 ** Math.min(exp, 40));
}

export class LoginThrottle {
  private clients = new Map<string, ClientRecord>();
  private tokens: number;
  private tokensAtMs: number;

  constructor(
    readonly cfg: ThrottleConfig = DEFAULT_THROTTLE,
    nowMs = 0,
  ) {
    this.tokens = cfg.globalBurst;
    this.tokensAtMs = nowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.tokensAtMs);
    this.tokens = Math.min(
      this.cfg.globalBurst,
      this.tokens + (elapsed * this.cfg.globalPerMinute) / 60_000,
    );
    this.tokensAtMs = nowMs;
  }

  private live(key: string, nowMs: number): ClientRecord | undefined {
    const rec = this.clients.get(key);
    if (rec && nowMs - rec.lastFailureMs >= this.cfg.forgetAfterMs) {
      this.clients.delete(key);
      return undefined;
    }
    return rec;
  }

  /** Drops records older than `forgetAfterMs` (never younger ones). */
  prune(nowMs: number): void {
    for (const [key, rec] of this.clients)
      if (nowMs - rec.lastFailureMs >= this.cfg.forgetAfterMs) this.clients.delete(key);
  }

  /** May this client try a password now? Call before the (expensive) hash check. */
  check(key: string, nowMs: number): ThrottleDecision {
    const rec = this.live(key, nowMs);
    if (rec) {
      const wait = rec.lastFailureMs + clientDelayMs(rec.failures, this.cfg) - nowMs;
      if (wait > 0) return { allowed: false, retryAfterMs: wait, scope: "client" };
    } else if (this.clients.size >= this.cfg.maxClients) {
      this.prune(nowMs);
      if (this.clients.size >= this.cfg.maxClients)
        return { allowed: false, retryAfterMs: this.cfg.forgetAfterMs, scope: "capacity" };
    }
    this.refill(nowMs);
    if (this.tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - this.tokens) * 60_000) / this.cfg.globalPerMinute);
      return { allowed: false, retryAfterMs, scope: "global" };
    }
    return { allowed: true };
  }

  /** Records a failed attempt (after `check` allowed it). */
  fail(key: string, nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.max(0, this.tokens - 1);
    const rec = this.live(key, nowMs);
    if (rec) {
      rec.failures += 1;
      rec.lastFailureMs = nowMs;
    } else if (this.clients.size < this.cfg.maxClients) {
      this.clients.set(key, { failures: 1, lastFailureMs: nowMs });
    }
  }

  /** A successful login clears that client's record (not the global bucket). */
  succeed(key: string): void {
    this.clients.delete(key);
  }

  failuresOf(key: string, nowMs: number): number {
    return this.live(key, nowMs)?.failures ?? 0;
  }

  get size(): number {
    return this.clients.size;
  }

  toJSON(): ThrottleSnapshot {
    return { clients: [...this.clients], tokens: this.tokens, tokensAtMs: this.tokensAtMs };
  }

  /** Restores saved state; malformed entries are ignored, never trusted to lower a limit. */
  static fromJSON(data: unknown, cfg: ThrottleConfig = DEFAULT_THROTTLE, nowMs = 0): LoginThrottle {
    const t = new LoginThrottle(cfg, nowMs);
    if (typeof data !== "object" || data === null) return t;
    const snap = data as Partial<ThrottleSnapshot>;
    if (
      typeof snap.tokens === "number" &&
      Number.isFinite(snap.tokens) &&
      typeof snap.tokensAtMs === "number" &&
      Number.isFinite(snap.tokensAtMs)
    ) {
      t.tokens = Math.min(cfg.globalBurst, Math.max(0, snap.tokens));
      t.tokensAtMs = Math.min(nowMs, snap.tokensAtMs);
    }
    if (Array.isArray(snap.clients)) {
      for (const entry of snap.clients.slice(0, cfg.maxClients)) {
        if (!Array.isArray(entry) || typeof entry[0] !== "string") continue;
        const rec = entry[1] as Partial<ClientRecord> | undefined;
        if (
          rec &&
          Number.isInteger(rec.failures) &&
          (rec.failures ?? 0) > 0 &&
          typeof rec.lastFailureMs === "number" &&
          Number.isFinite(rec.lastFailureMs)
        ) {
          t.clients.set(entry[0], {
            failures: rec.failures as number,
            lastFailureMs: Math.min(nowMs, rec.lastFailureMs),
          });
        }
      }
    }
    return t;
  }
}

/**
 * How many proxies in front of the server append to X-Forwarded-For: $ARR_TRUSTED_PROXY_HOPS
 * (the Deployment sets 1, the Gateway's Envoy), 0 by default (nothing in front; the header is
 * ignored). A value that is not a small integer counts as 0.
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
 */
function trustedProxyHops(): number {
  const v = process.env.ARR_TRUSTED_PROXY_HOPS ?? "0";
  return /^[0-9]$/.test(v) ? Number(v) : 0;
}

/**
 * The throttle key for a request, IPv6 reduced to its /64. With no trusted proxy: the TCP peer's
 * address (`peer`, recorded by lib/http/server.ts before anything else sees the request), and
 * X-Forwarded-For is ignored — a client can write anything there, and Next.js keeps a
 * client-sent header instead of adding the socket address. With `trustedHops` proxies in front,
 * each appends the address it received the request from: the hops-th entry from the right is the
 * one the outermost trusted proxy saw; entries further left are the client's own word.
 */
export function clientKey(
  xForwardedFor: string | null | undefined,
  peer: string | null | undefined,
  trustedHops = trustedProxyHops(),
): string {
  const last =
    trustedHops < 1
      ? (peer ?? "").trim()
      : (xForwardedFor ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .at(-trustedHops);
  if (!last || last.length > 64) return "unknown";
  const addr = last.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) return addr;
  if (/^[0-9a-f:]+$/i.test(addr) && addr.includes(":")) return `${ipv6Prefix64(addr)}/64`;
  return "unknown";
}

function ipv6Prefix64(addr: string): string {
  const [head = "", tail = ""] = addr.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = addr.includes("::")
    ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t]
    : h;
  return groups
    .slice(0, 4)
    .map((g) => (parseInt(g || "0", 16) || 0).toString(16))
    .join(":");
}
