import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { authConfig, stateDir } from "./config";
import { IntentStore, RevokedSessions } from "./intent";
import { BoundedSemaphore } from "./semaphore";
import { verifySession, type SessionPayload } from "./session-token";
import { DEFAULT_THROTTLE, LoginThrottle } from "./throttle";

/**
 * `__Host-` prefix: the browser only keeps it when Secure, Path=/ and no Domain, so no sibling
 * subdomain can plant or shadow it. Chromium treats http://localhost as a secure context and
 * accepts it there too (checked by e2e/browser/auth.spec.ts); over plain http on any other host a
 * browser drops it, and the login page says to use HTTPS.
 */
export const SESSION_COOKIE = "__Host-arr-session";

export interface AuthRuntime {
  throttle: LoginThrottle;
  hashChecks: BoundedSemaphore;
  intents: IntentStore;
  revoked: RevokedSessions;
  saveTimer?: NodeJS.Timeout;
  saveWarned?: boolean;
}

/** Sessions ended by logout, kept so that a copied cookie stays dead after a restart. */
export function revokedFile(): string {
  return path.join(/* turbopackIgnore: true */ stateDir(), "revoked-sessions.json");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(/* turbopackIgnore: true */ file, "utf8"));
  } catch {
    return undefined;
  }
}

export function throttleFile(): string {
  return path.join(/* turbopackIgnore: true */ stateDir(), "login-throttle.json");
}

/**
 * Process-wide auth state on `globalThis` (shared by the proxy and the app's module graphs);
 * throttle counters and revoked sessions restored from the state directory (a writable volume
 * in the pod, k8s/dashboard/deployment.yaml) so a restart does not reset them.
 */
export function authRuntime(): AuthRuntime {
  const g = globalThis as { __arrAuthRuntime?: AuthRuntime };
  if (!g.__arrAuthRuntime) {
    g.__arrAuthRuntime = {
      throttle: LoginThrottle.fromJSON(readJson(throttleFile()), DEFAULT_THROTTLE, Date.now()),
      hashChecks: new BoundedSemaphore(2, 8),
      intents: new IntentStore(),
      revoked: RevokedSessions.fromJSON(readJson(revokedFile()), nowSeconds()),
    };
  }
  return g.__arrAuthRuntime;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * The admin session a cookie value proves (HMAC signature, expiry, credential version, not
 * revoked), or null. Cheap (one HMAC): the proxy calls it before reading any request body.
 */
export async function sessionFromCookie(value: string | undefined): Promise<SessionPayload | null> {
  if (!value) return null;
  const cfg = await authConfig();
  const r = verifySession(value, cfg.sessionSecret, cfg.version, nowSeconds());
  if (!r.ok) return null;
  if (authRuntime().revoked.isRevoked(r.payload.sid, r.payload.iat)) return null;
  return r.payload;
}
