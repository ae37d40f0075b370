import "server-only";
import { writeFileSync, mkdirSync } from "node:fs";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { logAction } from "@/lib/action-log/server";
import { fail, httpStatus, ok, type Result } from "@/lib/result";
import { authConfig, stateDir } from "./config";
import { checkSameOrigin, type HeaderSource } from "./origin";
import { verifyPassword } from "./password";
import {
  authRuntime,
  nowSeconds,
  SESSION_COOKIE,
  sessionFromCookie,
  revokedFile,
  throttleFile,
  type AuthRuntime,
} from "./session";
import { issueSession, SESSION_TTL_SECONDS, type SessionPayload } from "./session-token";
import { PEER_HEADER } from "@/lib/http/body-limit";
import { clientKey } from "./throttle";

/** Who is acting, for audit records and intent binding. */
export interface ActionContext {
  actor: "admin";
  sid: string;
  client: string;
}

/** The gate's answer: the caller's context, or `unauthenticated` (401) / `cross-site` (403). */
export type Gate = Result<{ ctx: ActionContext }>;

const runtime = authRuntime;

function saveThrottleSoon(rt: AuthRuntime): void {
  if (rt.saveTimer) return;
  rt.saveTimer = setTimeout(() => {
    rt.saveTimer = undefined;
    try {
      mkdirSync(/* turbopackIgnore: true */ stateDir(), { recursive: true, mode: 0o700 });
      writeFileSync(throttleFile(), JSON.stringify(rt.throttle), { mode: 0o600 });
    } catch (e) {
      if (!rt.saveWarned)
        console.warn(`[arr-dashboard] cannot save login throttle state: ${(e as Error).message}`);
      rt.saveWarned = true;
    }
  }, 250);
  rt.saveTimer.unref();
}

/** Written at once (a logout is rare and must not be lost to a crash right after it). */
function saveRevoked(rt: AuthRuntime): void {
  try {
    mkdirSync(/* turbopackIgnore: true */ stateDir(), { recursive: true, mode: 0o700 });
    writeFileSync(/* turbopackIgnore: true */ revokedFile(), JSON.stringify(rt.revoked), {
      mode: 0o600,
    });
  } catch (e) {
    console.warn(`[arr-dashboard] cannot save revoked sessions: ${(e as Error).message}`);
  }
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

function anonymous(
  h: HeaderSource,
  action: string,
  code: "unauthenticated" | "cross-site",
  error: string,
): Gate {
  logAction({
    actor: "anonymous",
    action,
    target: "-",
    outcome: "rejected",
    detail: error,
    client: clientKey(h.get("x-forwarded-for"), h.get(PEER_HEADER)),
  });
  return fail(code, error);
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
    if (!o.ok) return anonymous(h, action, "cross-site", o.reason);
  }
  const s = await sessionFromCookie(cookieValue);
  if (!s)
    return anonymous(
      h,
      action,
      "unauthenticated",
      "not signed in (or the session ended) — sign in again",
    );
  return ok({
    ctx: {
      actor: "admin",
      sid: s.sid,
      client: clientKey(h.get("x-forwarded-for"), h.get(PEER_HEADER)),
    },
  });
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
  return Response.json(fail(g.code, g.error), {
    status: httpStatus(g.code),
    headers: { "cache-control": "no-store" },
  });
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

/**
 * A sign-in or step-up answer: `unauthenticated` (wrong password), `busy` (throttled, with
 * `retryAfterSeconds`), `cross-site` or `invalid`.
 */
export type LoginResult = Result<object, { retryAfterSeconds?: number }>;

/**
 * Checks the admin password under the login throttle (per client and global, counted as failed
 * up front so parallel guesses cannot slip past) and the cap on concurrent hash checks. Used by
 * sign-in and by the step-up of dangerous actions, which share the same counters.
 */
async function checkPassword(
  password: string,
  client: string,
  who: { actor: "anonymous" | "admin"; action: string },
): Promise<LoginResult> {
  const rt = runtime();
  const now = Date.now();
  const decision = rt.throttle.check(client, now);
  if (!decision.allowed) {
    const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
    logAction({
      actor: who.actor,
      action: who.action,
      target: "admin",
      outcome: "rejected",
      detail: `throttled (${decision.scope}), retry in ${retryAfterSeconds}s`,
      client,
    });
    return fail(
      "busy",
      `Too many failed sign-ins${decision.scope === "client" ? " from your address" : ""}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
  // Count the attempt as failed up front so parallel guesses cannot all slip past the check.
  rt.throttle.fail(client, now);
  saveThrottleSoon(rt);
  const release = await rt.hashChecks.tryAcquire();
  if (!release) {
    logAction({
      actor: who.actor,
      action: who.action,
      target: "admin",
      outcome: "rejected",
      detail: "too many concurrent sign-in checks",
      client,
    });
    return fail("busy", "The server is busy checking sign-ins. Try again in a few seconds.", {
      retryAfterSeconds: 5,
    });
  }
  let good: boolean;
  const cfg = await authConfig();
  try {
    good = await verifyPassword(password, cfg.hash);
  } finally {
    release();
  }
  if (!good) {
    logAction({
      actor: who.actor,
      action: who.action,
      target: "admin",
      outcome: "failed",
      detail: "wrong password",
      client,
    });
    return fail("unauthenticated", "Wrong password.");
  }
  rt.throttle.succeed(client);
  saveThrottleSoon(rt);
  return ok();
}

/** Checks the password under the throttle and the hash-check cap; on success sets the session cookie. */
export async function login(input: unknown): Promise<LoginResult> {
  const h = await headers();
  const client = clientKey(h.get("x-forwarded-for"), h.get(PEER_HEADER));
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
    return fail("cross-site", origin.reason);
  }
  const parsed = LoginInputSchema.safeParse(input);
  if (!parsed.success) return fail("invalid", parsed.error.issues[0]?.message ?? "invalid input");

  const checked = await checkPassword(parsed.data.password, client, {
    actor: "anonymous",
    action: "login",
  });
  if (!checked.ok) return checked;
  const cfg = await authConfig();
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
  return ok();
}

/**
 * Step-up for a dangerous action (teardown): the signed-in admin types the password again. Shares
 * the sign-in throttle, so it cannot be used to guess the password faster.
 */
export async function confirmPassword(
  ctx: ActionContext,
  action: string,
  password: string,
): Promise<LoginResult> {
  return checkPassword(password, ctx.client, { actor: "admin", action: `${action}-step-up` });
}

/** Ends the current session (revoked server-side too, so a copied cookie stops working). */
export async function logout(ctx: ActionContext): Promise<void> {
  const jar = await cookies();
  const s = await sessionFromCookie(jar.get(SESSION_COOKIE)?.value);
  if (s) {
    runtime().revoked.revoke(s.sid, s.exp, nowSeconds());
    saveRevoked(runtime());
  }
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
