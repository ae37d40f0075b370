/**
 * Request header carrying the TCP peer's address, set by lib/http/server.ts on every request
 * (a client-sent one is overwritten), for lib/auth/throttle.ts clientKey.
 */
export const PEER_HEADER = "x-arr-peer-address";

/**
 * What a request's headers say about its body, decided before anything reads it: a body with no
 * declared length (chunked) or a declared length over `maxBytes` is refused. Pure.
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-6.3 (message body length)
 */
export function bodyVerdict(
  headers: { "content-length"?: string; "transfer-encoding"?: string },
  maxBytes: number,
): { ok: true } | { ok: false; status: 411 | 413; error: string } {
  const length = headers["content-length"];
  if (headers["transfer-encoding"] !== undefined)
    return { ok: false, status: 411, error: "a request body needs a Content-Length" };
  if (length === undefined) return { ok: true };
  if (!/^\d{1,15}$/.test(length.trim()))
    return { ok: false, status: 411, error: "malformed Content-Length" };
  if (Number(length) > maxBytes)
    return { ok: false, status: 413, error: `request body over ${maxBytes} bytes` };
  return { ok: true };
}
