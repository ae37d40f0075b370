/**
 * Signed session cookie values: `<payload base64url>.<HMAC-SHA256 base64url>`.
 *
 * The payload carries a version derived from the admin password hash, so changing the password
 * (or the session secret) invalidates every session issued before — no server-side list needed
 * for that. Logout additionally revokes the session id (see revocation.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Absolute lifetime of a session. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const SessionPayloadSchema = z.strictObject({
  /** subject: the single admin */
  sub: z.literal("admin"),
  /** session id, used for revocation on logout */
  sid: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  /** issued at, seconds */
  iat: z.number().int().nonnegative(),
  /** expires at, seconds */
  exp: z.number().int().nonnegative(),
  /** credential version (see credentialVersion) */
  ver: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
});
export type SessionPayload = z.infer<typeof SessionPayloadSchema>;

/** A short fingerprint of the password hash under the session secret: changes when either changes. */
export function credentialVersion(sessionSecret: string, passwordHash: string): string {
  return createHmac("sha256", sessionSecret)
    .update(`credential-version\0${passwordHash}`)
    .digest("base64url")
    .slice(0, 16);
}

function sign(sessionSecret: string, body: string): string {
  return createHmac("sha256", sessionSecret).update(`session-v1\0${body}`).digest("base64url");
}

/** Creates a new session for the admin. */
export function issueSession(
  sessionSecret: string,
  version: string,
  nowSeconds: number,
): { value: string; payload: SessionPayload } {
  const payload: SessionPayload = {
    sub: "admin",
    sid: randomBytes(16).toString("base64url"),
    iat: nowSeconds,
    exp: nowSeconds + SESSION_TTL_SECONDS,
    ver: version,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { value: `${body}.${sign(sessionSecret, body)}`, payload };
}

export type SessionCheck =
  | { ok: true; payload: SessionPayload }
  | { ok: false; reason: "missing" | "malformed" | "bad-signature" | "expired" | "stale-version" };

/** Verifies a cookie value: signature first (constant time), then shape, expiry and credential version. */
export function verifySession(
  value: string | undefined,
  sessionSecret: string,
  version: string,
  nowSeconds: number,
): SessionCheck {
  if (!value) return { ok: false, reason: "missing" };
  if (value.length > 1024) return { ok: false, reason: "malformed" };
  const dot = value.indexOf(".");
  if (dot <= 0 || dot !== value.lastIndexOf(".")) return { ok: false, reason: "malformed" };
  const body = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), "base64url");
  const expected = Buffer.from(sign(sessionSecret, body), "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = SessionPayloadSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (parsed.data.exp <= nowSeconds) return { ok: false, reason: "expired" };
  if (parsed.data.ver !== version) return { ok: false, reason: "stale-version" };
  return { ok: true, payload: parsed.data };
}
