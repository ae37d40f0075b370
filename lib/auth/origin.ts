/**
 * Cross-site request rejection for every mutating entry point (server actions and routes).
 *
 * Next.js checks Origin for server actions but lets a request without Origin through, and route
 * handlers get no check at all; SameSite=Strict does not help against sibling subdomains (every
 * app of the stack is a sibling under *.k8s.<domain>, so they count as "same-site"). So:
 * - `Sec-Fetch-Site`, when sent, must be `same-origin`;
 * - `Origin` must be present and name the host the request was sent to (X-Forwarded-Host from the
 *   Gateway, else Host) or one of the configured extra origins. Browsers always send Origin on
 *   POST; a client that sends none is not a browser and gets no cookie-borne authority from us.
 */

export interface HeaderSource {
  get(name: string): string | null;
}

export type OriginCheck = { ok: true } | { ok: false; reason: string };

function stripDefaultPort(host: string, proto: string): string {
  const h = host.trim().toLowerCase();
  if (proto === "https" && h.endsWith(":443")) return h.slice(0, -4);
  if (proto === "http" && h.endsWith(":80")) return h.slice(0, -3);
  return h;
}

/** Decides whether a mutating request comes from this dashboard's own pages. */
export function checkSameOrigin(
  headers: HeaderSource,
  extraOrigins: readonly string[] = [],
): OriginCheck {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin")
    return {
      ok: false,
      reason: `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`,
    };
  const origin = headers.get("origin");
  if (!origin || origin === "null")
    return { ok: false, reason: "request without an Origin header refused" };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: "malformed Origin header" };
  }
  if (url.origin !== origin.toLowerCase().replace(/\/$/, "") && url.origin !== origin)
    return { ok: false, reason: "malformed Origin header" };
  if (extraOrigins.includes(url.origin)) return { ok: true };
  const proto =
    (headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "")).split(",")[0]?.trim() ??
    "http";
  const target = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0] ?? "";
  if (!target) return { ok: false, reason: "request without a Host header refused" };
  if (stripDefaultPort(target, proto) !== url.host.toLowerCase())
    return { ok: false, reason: `cross-origin request from ${url.origin} refused` };
  return { ok: true };
}
