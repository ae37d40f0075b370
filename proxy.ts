// Convenience only: sends signed-out browsers to /login before rendering. It is NOT the gate —
// every page, route handler and server action checks the session itself (CVE-2025-29927 showed a
// proxy/middleware can be skipped). It only looks for the cookie's presence.
import { NextResponse, type NextRequest } from "next/server";

const PUBLIC = [/^\/login(\/|$)/, /^\/api\//, /^\/_next\//, /^\/favicon\.ico$/];

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (req.method !== "GET" || PUBLIC.some((r) => r.test(pathname))) return NextResponse.next();
  if (req.cookies.has("__Host-arr-session")) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
