/**
 * Single-use action intents: the confirm step of every mutation. The server issues an intent
 * bound to the session, the action and its target when the user opens a confirmation (or a
 * deploy preview); the mutating action consumes it. A replayed request finds it used, a request
 * from another session or for another target finds it does not match — either way nothing runs.
 * Kept in memory: a restart only means the user confirms again.
 */
import { randomBytes } from "node:crypto";

const INTENT_TTL_MS = 10 * 60_000;

interface IntentRecord {
  sid: string;
  action: string;
  target: string;
  expMs: number;
}

export type IntentCheck = { ok: true } | { ok: false; reason: string };

export class IntentStore {
  private intents = new Map<string, IntentRecord>();

  constructor(
    readonly maxIntents = 5_000,
    readonly ttlMs = INTENT_TTL_MS,
  ) {}

  private prune(nowMs: number): void {
    for (const [token, rec] of this.intents) if (rec.expMs <= nowMs) this.intents.delete(token);
  }

  /** Issues a token, or null when the table is full of live intents (never evicts one). */
  issue(sid: string, action: string, target: string, nowMs: number): string | null {
    if (this.intents.size >= this.maxIntents) this.prune(nowMs);
    if (this.intents.size >= this.maxIntents) return null;
    const token = randomBytes(18).toString("base64url");
    this.intents.set(token, { sid, action, target, expMs: nowMs + this.ttlMs });
    return token;
  }

  /** Consumes a token if it was issued to this session for this action and target. */
  consume(token: string, sid: string, action: string, target: string, nowMs: number): IntentCheck {
    const rec = this.intents.get(token);
    if (!rec)
      return { ok: false, reason: "confirmation is unknown or was already used — confirm again" };
    if (rec.sid !== sid || rec.action !== action || rec.target !== target) {
      // Do not burn someone else's token on a mismatch.
      return { ok: false, reason: "confirmation does not match this action" };
    }
    this.intents.delete(token);
    if (rec.expMs <= nowMs) return { ok: false, reason: "confirmation expired — confirm again" };
    return { ok: true };
  }

  get size(): number {
    return this.intents.size;
  }
}

/**
 * Session ids ended by logout, remembered until the session would have expired anyway. If the
 * table ever fills with live entries it fails closed: every session issued until then is ended
 * (`notBefore`) rather than forgetting a revocation.
 */
export class RevokedSessions {
  private revoked = new Map<string, number>();
  private notBefore = 0;

  constructor(readonly max = 10_000) {}

  revoke(sid: string, expSeconds: number, nowSeconds: number): void {
    if (this.revoked.size >= this.max)
      for (const [k, exp] of this.revoked) if (exp <= nowSeconds) this.revoked.delete(k);
    if (this.revoked.size >= this.max) {
      this.revoked.clear();
      this.notBefore = nowSeconds + 1;
      return;
    }
    this.revoked.set(sid, expSeconds);
  }

  isRevoked(sid: string, issuedAtSeconds: number): boolean {
    return issuedAtSeconds < this.notBefore || this.revoked.has(sid);
  }

  /** What must survive a restart (lib/auth/session.ts keeps it in the state directory). */
  toJSON(): { revoked: [string, number][]; notBefore: number } {
    return { revoked: [...this.revoked], notBefore: this.notBefore };
  }

  /**
   * Restores saved state, dropping entries already expired at `nowSeconds`. Malformed input
   * restores nothing it cannot read; a restore that would not fit fails closed like `revoke`.
   */
  static fromJSON(data: unknown, nowSeconds: number, max = 10_000): RevokedSessions {
    const r = new RevokedSessions(max);
    if (typeof data !== "object" || data === null) return r;
    const snap = data as { revoked?: unknown; notBefore?: unknown };
    if (typeof snap.notBefore === "number" && Number.isFinite(snap.notBefore))
      r.notBefore = snap.notBefore;
    if (Array.isArray(snap.revoked))
      for (const e of snap.revoked as unknown[]) {
        if (!Array.isArray(e) || typeof e[0] !== "string" || typeof e[1] !== "number") continue;
        if (e[1] > nowSeconds) r.revoke(e[0], e[1], nowSeconds);
      }
    return r;
  }
}
