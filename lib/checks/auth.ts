import "server-only";
import { headers } from "next/headers";

/*
 * >>> SESSION GATE: the single place where /checks pages, routes and actions ask who is calling. <<<
 *
 * Login lives on branch `actions` (lib/auth/server.ts). Until it is merged this shim only refuses
 * cross-site mutations; it does NOT authenticate. When merging, replace this whole file with:
 *
 *   export { requirePageSession, gateAction, gateRequest, gateResponse } from "@/lib/auth/server";
 *
 * Every caller already uses these four names with the same signatures.
 */

export type Gate = { ok: true } | { ok: false; status: 401 | 403; error: string };

interface HeaderSource {
  get(name: string): string | null;
}

function sameOrigin(h: HeaderSource): Gate {
  const site = h.get("sec-fetch-site");
  if (site !== null && site !== "same-origin")
    return { ok: false, status: 403, error: "cross-site request refused" };
  const origin = h.get("origin");
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (!origin || !host) return { ok: false, status: 403, error: "request without Origin refused" };
  try {
    return new URL(origin).host === host
      ? { ok: true }
      : { ok: false, status: 403, error: "cross-origin request refused" };
  } catch {
    return { ok: false, status: 403, error: "malformed Origin refused" };
  }
}

/** For pages: the session (a redirect to /login once login exists). */
export async function requirePageSession(): Promise<void> {}

/** For server actions. */
export async function gateAction(_action: string): Promise<Gate> {
  return sameOrigin(await headers());
}

/** For route handlers: mutating methods must be same-origin. */
export async function gateRequest(req: Request, _action: string): Promise<Gate> {
  return ["GET", "HEAD", "OPTIONS"].includes(req.method) ? { ok: true } : sameOrigin(req.headers);
}

export function gateResponse(g: Extract<Gate, { ok: false }>): Response {
  return Response.json(
    { ok: false, error: g.error },
    { status: g.status, headers: { "cache-control": "no-store" } },
  );
}
