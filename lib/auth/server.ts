import "server-only";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { logAction } from "@/lib/action-log/server";
import { fail, ok, type Result } from "@/lib/result";
import { authConfig, stateDir } from "./config";
import { IntentStore, RevokedSessions } from "./intent";
import { checkSameOrigin, type HeaderSource } from "./origin";
import { verifyPassword } from "./password";
import { BoundedSemaphore } from "./semaphore";
import {
  issueSession,
  SESSION_TTL_SECONDS,
  verifySession,
  type SessionPayload,
} from "./session-token";
import { clientKey, DEFAULT_THROTTLE, LoginThrottle } from "./throttle";

/**
 * `__Host-` prefix: the browser only keeps it when Secure, Path=/ and no Domain, so no sibling
 * subdomain can plant or shadow it. Chromium treats http://localhost as a secure context and
 * accepts it there too (checked by e2e/browser/auth.spec.ts); over plain http on any other host a
 * browser drops it, and the login page says to use HTTPS.
 */
const SESSION_COOKIE = "__Host-arr-session";

/** Who is acting, for audit records and intent binding. */
export interface ActionContext {
  actor: "admin";
  sid: string;
  client: string;
}

export type Gate =
  { ok: true; ctx: ActionContext } | { ok: false; status: 401 | 403; error: string };

interface AuthRuntime {
  throttle: LoginThrottle;
  hashChecks: BoundedSemaphore;
  intents: IntentStore;
  revoked: RevokedSessions;
  saveTimer?: NodeJS.Timeout;
  saveWarned?: boolean;
}

function throttleFile(): string {
  return path.join(stateDir(), "login-throttle.json");
}

/** Process-wide auth state (throttle counters restored from disk so a restart does not reset them). */
function runtime(): AuthRuntime {
  const g = globalThis as { __arrAuthRuntime?: AuthRuntime };
  if (!g.__arrAuthRuntime) {
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(throttleFile(), "utf8"));
    } catch {
      saved = undefined;
    }
    g.__arrAuthRuntime = {
      throttle: LoginThrottle.fromJSON(saved, DEFAULT_THROTTLE, Date.now()),
      hashChecks: new BoundedSemaphore(2, 8),
      intents: new IntentStore(),
      revoked: new RevokedSessions(),
    };
  }
  return g.__arrAuthRuntime;
}

function saveThrottleSoon(rt: AuthRuntime): void {
  if (rt.saveTimer) return;
  rt.saveTimer = setTimeout(() => {
    rt.saveTimer = undefined;
    try {
      mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
      writeFileSync(throttleFile(), JSON.stringify(rt.throttle), { mode: 0o600 });
    } catch (e) {
      if (!rt.saveWarned)
        console.warn(`[arr-dashboard] cannot save login throttle state: ${(e as Error).message}`);
      rt.saveWarned = true;
    }
  }, 250);
  rt.saveTimer.unref();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

async function sessionFromCookie(value: string | undefined): Promise<SessionPayload | null> {
  if (!value) return null;
  const cfg = await authConfig();
  const r = verifySession(value, cfg.sessionSecret, cfg.version, nowSeconds());
  if (!r.ok) return null;
  if (runtime().revoked.isRevoked(r.payload.sid, r.payload.iat)) return null;
  return r.payload;
}

/** The current admin session in a Server Component, action or route, or null. */
export async function currentSession(): Promise<SessionPayload | null> {
  return sessionFromCookie((await cookies()).get(SESSION_COOKIE)?.value);
}

/** For pages: the session, or a redirect to /login. Call at the top of every protected page. */
export async function requirePageSession(): Promise<SessionPayload> {
  const s = await currentSession();
  if (!s) redirect("/login");
  return s;
}

function anonymous(h: HeaderSource, action: string, status: 401 | 403, error: string): Gate {
  logAction({
    actor: "anonymous",
    action,
    target: "-",
    outcome: "rejected",
    detail: error,
    client: clientKey(h.get("x-forwarded-for")),
  });
  return { ok: false, status, error };
}

function extraOrigins(): string[] {
  return (process.env.ARR_ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

async function gate(
  h: HeaderSource,
  cookieValue: string | undefined,
  action: string,
  mutating: boolean,
): Promise<Gate> {
  if (mutating) {
    const o = checkSameOrigin(h, extraOrigins());
    if (!o.ok) return anonymous(h, action, 403, o.reason);
  }
  const s = await sessionFromCookie(cookieValue);
  if (!s) return anonymous(h, action, 401, "not signed in (or the session ended) — sign in again");
  return {
    ok: true,
    ctx: { actor: "admin", sid: s.sid, client: clientKey(h.get("x-forwarded-for")) },
  };
}

/** For server actions: rejects cross-site calls and calls without a valid session. */
export async function gateAction(action: string): Promise<Gate> {
  return gate(await headers(), (await cookies()).get(SESSION_COOKIE)?.value, action, true);
}

function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** For route handlers: session always, same-origin check for non-GET methods. */
export async function gateRequest(req: Request, action: string): Promise<Gate> {
  const mutating = !["GET", "HEAD", "OPTIONS"].includes(req.method);
  return gate(
    req.headers,
    cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE),
    action,
    mutating,
  );
}

/** A JSON error response for a failed gate. */
export function gateResponse(g: Extract<Gate, { ok: false }>): Response {
  return Response.json(
    { ok: false, error: g.error },
    { status: g.status, headers: { "cache-control": "no-store" } },
  );
}

// ---- intents (single-use confirmations) ----

export function issueIntent(ctx: ActionContext, action: string, target: string): string | null {
  return runtime().intents.issue(ctx.sid, action, target, Date.now());
}

export function consumeIntent(
  ctx: ActionContext,
  token: string,
  action: string,
  target: string,
): Result {
  const r = runtime().intents.consume(token, ctx.sid, action, target, Date.now());
  return r.ok ? ok() : fail("conflict", r.reason);
}

// ---- login / logout ----

export const LoginInputSchema = z.strictObject({
  password: z.string().min(1, "enter the password").max(1024, "password too long"),
});

export type LoginResult = { ok: true } | { ok: false; error: string; retryAfterSeconds?: number };

/** Checks the password under the throttle and the hash-check cap; on success sets the session cookie. */
export async function login(input: unknown): Promise<LoginResult> {
  const h = await headers();
  const client = clientKey(h.get("x-forwarded-for"));
  const origin = checkSameOrigin(h, extraOrigins());
  if (!origin.ok) {
    logAction({
      actor: "anonymous",
      action: "login",
      target: "admin",
      outcome: "rejected",
      detail: origin.reason,
      client,
    });
    return { ok: false, error: origin.reason };
  }
  const parsed = LoginInputSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid input" };

  const rt = runtime();
  const now = Date.now();
  const decision = rt.throttle.check(client, now);
  if (!decision.allowed) {
    const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
    logAction({
      actor: "anonymous",
      action: "login",
      target: "admin",
      outcome: "rejected",
      detail: `throttled (${decision.scope}), retry in ${retryAfterSeconds}s`,
      client,
    });
    return {
      ok: false,
      error: `Too many failed sign-ins${decision.scope === "client" ? " from your address" : ""}. Try again in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    };
  }
  // Count the attempt as failed up front so parallel guesses cannot all slip past the check.
  rt.throttle.fail(client, now);
  saveThrottleSoon(rt);
  const release = await rt.hashChecks.tryAcquire();
  if (!release) {
    logAction({
      actor: "anonymous",
      action: "login",
      target: "admin",
      outcome: "rejected",
      detail: "too many concurrent sign-in checks",
      client,
    });
    return {
      ok: false,
      error: "The server is busy checking sign-ins. Try again in a few seconds.",
      retryAfterSeconds: 5,
    };
  }
  let good: boolean;
  const cfg = await authConfig();
  try {
    good = await verifyPassword(parsed.data.password, cfg.hash);
  } finally {
    release();
  }
  if (!good) {
    logAction({
      actor: "anonymous",
      action: "login",
      target: "admin",
      outcome: "failed",
      detail: "wrong password",
      client,
    });
    return { ok: false, error: "Wrong password." };
  }
  rt.throttle.succeed(client);
  saveThrottleSoon(rt);
  const { value, payload } = issueSession(cfg.sessionSecret, cfg.version, nowSeconds());
  (await cookies()).set(SESSION_COOKIE, value, {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
  logAction({
    actor: "admin",
    action: "login",
    target: "admin",
    outcome: "succeeded",
    detail: `session ${payload.sid.slice(0, 6)}…`,
    client,
  });
  return { ok: true };
}

/** Ends the current session (revoked server-side too, so a copied cookie stops working). */
export async function logout(ctx: ActionContext): Promise<void> {
  const jar = await cookies();
  const s = await sessionFromCookie(jar.get(SESSION_COOKIE)?.value);
  if (s) runtime().revoked.revoke(s.sid, s.exp, nowSeconds());
  jar.set(SESSION_COOKIE, "", {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
    path: "/",
    maxAge: 0,
  });
  logAction({
    actor: ctx.actor,
    action: "logout",
    target: "admin",
    outcome: "succeeded",
    client: ctx.client,
  });
}
