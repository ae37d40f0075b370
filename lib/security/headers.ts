/**
 * Request header through which proxy.ts hands the per-request nonce to the root layout, which
 * gives it to the one inline script the app adds itself (next-themes' theme script, before first
 * paint) and to the style element that script's provider injects while switching themes. Next's
 * own inline scripts take the nonce from the request's copy of the CSP.
 * @see https://nextjs.org/docs/app/guides/content-security-policy
 */
export const NONCE_HEADER = "x-nonce";

/**
 * The Content-Security-Policy of every response, for a fresh per-request `nonce` (base64).
 * - scripts: only nonce'd ones (Next's and the theme script), then what they load ('strict-dynamic');
 * - styles: the app's own CSS files and Next's nonce'd inline styles; `style` attributes (bar widths
 *   in the budget view) are allowed, since they cannot run code;
 * - `frame-ancestors 'none'`: no page, not even a sibling *arr subdomain (same-site for cookies),
 *   can frame the dashboard (clickjacking of its buttons);
 * - `dev`: `next dev` needs eval for React's debugging and a WebSocket for hot reload.
 * @see https://nextjs.org/docs/app/guides/content-security-policy
 * @see https://www.w3.org/TR/CSP3/#strict-dynamic-usage
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers for every response besides the CSP (next.config.ts sets them on every path, static
 * assets included). HSTS only means something over HTTPS (TLS ends at the Gateway; a browser
 * ignores it over plain http, so the local http://127.0.0.1 is unaffected).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html
 */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** A fresh CSP nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
