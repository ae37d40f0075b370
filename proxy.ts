// Convenience, not the gate: every page, route handler and server action checks the session and
// the origin itself (CVE-2025-29927 showed middleware/proxy can be skipped). What this adds:
// - signed-out page loads go to /login;
// - POSTs to pages (server actions, with or without JS) that are cross-site, oversized, malformed
//   or (outside /login) carry no session get a clear 4xx here instead of Next's generic 500,
//   before any action code runs.
import { NextResponse, type NextRequest } from "next/server";
import { checkSameOrigin } from "@/lib/auth/origin";

const SESSION_COOKIE = "__Host-arr-session";
/** Same as experimental.serverActions.bodySizeLimit in next.config.ts. */
const MAX_ACTION_BODY = 16 * 1024;
const PUBLIC_PAGES = [/^\/login(\/|$)/, /^\/api\//, /^\/_next\//, /^\/favicon\.ico$/];

function reject(status: number, error: string): NextResponse {
  return NextResponse.json(
    { ok: false, error },
    { status, headers: { "cache-control": "no-store" } },
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

async function screenAction(req: NextRequest): Promise<NextResponse> {
  const origin = checkSameOrigin(req.headers, extraOrigins());
  if (!origin.ok) return reject(403, origin.reason);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > MAX_ACTION_BODY)
    return reject(413, `request body over ${MAX_ACTION_BODY} bytes`);
  if (!/^\/login(\/|$)/.test(req.nextUrl.pathname) && !req.cookies.has(SESSION_COOKIE))
    return reject(401, "not signed in");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  let body: string;
  try {
    body = await req.clone().text();
  } catch {
    return reject(400, "unreadable request body");
  }
  if (body.length > MAX_ACTION_BODY)
    return reject(413, `request body over ${MAX_ACTION_BODY} bytes`);
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
  } else if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    try {
      await req.clone().formData();
    } catch {
      return reject(400, "malformed form body");
    }
  } else {
    return reject(415, `unsupported content type ${type.slice(0, 60) || "(none)"}`);
  }
  return NextResponse.next();
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  // Next's router answers a malformed percent-encoding in a dynamic segment with a 500.
  try {
    decodeURIComponent(pathname);
  } catch {
    return reject(400, "malformed URL");
  }
  // Route handlers under /api check their own requests; every other POST is a server action.
  if (req.method === "POST" && !/^\/(api|_next)\//.test(pathname)) return screenAction(req);
  if (req.method !== "GET" || PUBLIC_PAGES.some((r) => r.test(pathname)))
    return NextResponse.next();
  if (req.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
