// Convenience, not the gate: every page, route handler and server action checks the session and
// the origin itself (CVE-2025-29927 showed middleware/proxy can be skipped). What this adds:
// - signed-out page loads go to /login;
// - POSTs to pages (server actions, with or without JS) that are cross-site, without a declared
//   length, oversized, malformed or (outside /login) without a validly signed session get a clear
//   4xx here, before any body is read and before any action code runs;
// - every other method with a body (there are no mutating route handlers) gets a 405;
// - every response carries the Content-Security-Policy with a fresh nonce, which Next reads from
//   the request's copy of the header and puts on its own inline scripts (lib/security/headers.ts;
//   the other security headers come from next.config.ts).
// Next clones a request body for the proxy and buffers it up to experimental.proxyClientMaxBodySize
// (next.config.ts) whatever the proxy answers, so that limit, not this file, bounds the memory an
// unauthenticated request can hold (issue 17: 8 chunked 9.5 MB POSTs took +145 MiB at the 10 MB
// default).
import { NextResponse, type NextRequest } from "next/server";
import { checkSameOrigin } from "@/lib/auth/origin";
import { MAX_ACTION_BODY_BYTES } from "@/lib/auth/limits";
import { PEER_HEADER } from "@/lib/http/body-limit";
import { fail, type FailureCode } from "@/lib/result";
import { SESSION_COOKIE, sessionFromCookie } from "@/lib/auth/session";
import { contentSecurityPolicy, newNonce, NONCE_HEADER } from "@/lib/security/headers";

const PUBLIC_PAGES = [/^\/login(\/|$)/, /^\/api\//, /^\/_next\//, /^\/favicon\.ico$/];
/** Endpoints for the cluster only, never through the Gateway (k8s/dashboard/httproute.yaml). */
const INTERNAL = /^\/api\/(metrics|readyz)(\/|$)/i;
/**
 * Whether a request came through a proxy. Next sets X-Forwarded-For to the socket address when
 * it is absent (and X-Forwarded-Host/-Proto always), so only an X-Forwarded-For that differs from
 * the TCP peer (recorded by lib/http/server.ts) or a Forwarded header shows a proxy in between.
 */
function forwarded(req: NextRequest): boolean {
  const xff = req.headers.get("x-forwarded-for");
  const peer = req.headers.get(PEER_HEADER) ?? "";
  return req.headers.has("forwarded") || (xff !== null && xff.trim() !== peer);
}
/** The only page with a form (the sign-in form posts multipart/form-data, with or without JS). */
const FORM_PAGES = /^\/login\/?$/;

/** A refused request as a coded failure (lib/result.ts): every refusal here is one of these. */
function reject(
  status: 400 | 401 | 403 | 404 | 405 | 411 | 413 | 415,
  error: string,
  extra: Record<string, string> = {},
): NextResponse {
  const code: FailureCode =
    status === 401
      ? "unauthenticated"
      : status === 403
        ? "cross-site"
        : status === 404
          ? "not-found"
          : "invalid";
  return NextResponse.json(
    fail(code, error),
    // Close the connection: whatever the client still sends is not worth reading.
    { status, headers: { "cache-control": "no-store", connection: "close", ...extra } },
  );
}

function extraOrigins(): string[] {
  return (process.env.ARR_ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The actions take plain objects, which React encodes as plain JSON with strings that begin with
 * "$" escaped as "$$". An unescaped "$…" string is a reference (to a promise, FormData, a
 * server reference…) that none of them expects, and makes Next's decoder throw a 500.
 */
function plainArguments(v: unknown, depth: number): boolean {
  if (depth > 8) return false;
  if (typeof v === "string") return !v.startsWith("$") || v.startsWith("$$") || v === "$undefined";
  if (Array.isArray(v)) return v.length <= 64 && v.every((x) => plainArguments(x, depth + 1));
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    return (
      entries.length <= 64 &&
      entries.every(([k, x]) => plainArguments(k, depth + 1) && plainArguments(x, depth + 1))
    );
  }
  return true;
}

/**
 * Checks everything that can be checked from the headers: origin, declared length (a body without
 * Content-Length — chunked — is refused, so no size is unknown), content type per page, session.
 */
async function screenHeaders(req: NextRequest): Promise<NextResponse | null> {
  const origin = checkSameOrigin(req.headers, extraOrigins());
  if (!origin.ok) return reject(403, origin.reason);
  const length = req.headers.get("content-length");
  if (req.headers.has("transfer-encoding") || length === null || !/^\d{1,9}$/.test(length))
    return reject(411, "a request body needs a Content-Length");
  if (Number(length) > MAX_ACTION_BODY_BYTES)
    return reject(413, `request body over ${MAX_ACTION_BODY_BYTES} bytes`);
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const formPage = FORM_PAGES.test(req.nextUrl.pathname);
  const form = type === "multipart/form-data" || type === "application/x-www-form-urlencoded";
  if (!(type === "text/plain" || (form && formPage)))
    return reject(415, `unsupported content type ${type.slice(0, 60) || "(none)"}`);
  // Only the sign-in page takes requests without a session; elsewhere the cookie's signature,
  // expiry, credential version and revocation are checked here, before the body is read.
  if (!/^\/login(\/|$)/.test(req.nextUrl.pathname)) {
    const session = await sessionFromCookie(req.cookies.get(SESSION_COOKIE)?.value).catch(
      () => null,
    );
    if (!session) return reject(401, "not signed in");
  }
  return null;
}

interface Policy {
  nonce: string;
  csp: string;
}

/**
 * Lets the request through, with the CSP in its headers (Next takes its nonce from there) and the
 * nonce alone for the root layout (NONCE_HEADER; a client-sent one is overwritten).
 */
function passOn(req: NextRequest, { nonce, csp }: Policy): NextResponse {
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", csp);
  headers.set(NONCE_HEADER, nonce);
  return NextResponse.next({ request: { headers } });
}

async function screenAction(req: NextRequest, policy: Policy): Promise<NextResponse> {
  const early = await screenHeaders(req);
  if (early) return early;
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  let body: string;
  try {
    body = await req.clone().text();
  } catch {
    return reject(400, "unreadable request body");
  }
  if (body.length > MAX_ACTION_BODY_BYTES)
    return reject(413, `request body over ${MAX_ACTION_BODY_BYTES} bytes`);
  if (type === "text/plain") {
    // Server action arguments as React encodes plain objects: a JSON array.
    let args: unknown;
    try {
      args = JSON.parse(body);
    } catch {
      return reject(400, "malformed action arguments (not JSON)");
    }
    if (!Array.isArray(args) || args.length > 2)
      return reject(400, "malformed action arguments (not an argument list)");
    if (!plainArguments(args, 0))
      return reject(400, "malformed action arguments (only plain values are accepted)");
  } else {
    try {
      await req.clone().formData();
    } catch {
      return reject(400, "malformed form body");
    }
  }
  return passOn(req, policy);
}

async function route(req: NextRequest, policy: Policy): Promise<NextResponse> {
  const { pathname, search } = req.nextUrl;
  // Next's router answers a malformed percent-encoding in a dynamic segment with a 500.
  try {
    decodeURIComponent(pathname);
  } catch {
    return reject(400, "malformed URL");
  }
  // Internal endpoints (Prometheus, the kubelet) are not published by the HTTPRoute; should one
  // arrive through the Gateway anyway (a route edited by hand), X-Forwarded-For gives it away.
  if (INTERNAL.test(pathname) && forwarded(req)) return reject(404, "not found");
  if (req.method === "POST" && !/^\/(api|_next)\//.test(pathname)) return screenAction(req, policy);
  // No route handler takes a body: anything but a read is refused before it is looked at.
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method))
    return reject(405, `${req.method.slice(0, 10)} is not accepted here`, { allow: "GET, HEAD" });
  if (PUBLIC_PAGES.some((r) => r.test(pathname)) || req.cookies.has(SESSION_COOKIE))
    return passOn(req, policy);
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export async function proxy(req: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const res = await route(req, { nonce, csp });
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
