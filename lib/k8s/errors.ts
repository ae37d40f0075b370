import "server-only";
import { ApiException } from "@kubernetes/client-node";
import { fail, type Failure, type FailureCode } from "@/lib/result";

export interface K8sErrorInfo {
  /** HTTP status from the API server, or 0 when it could not be reached */
  status: number;
  /** The API server's own message (Status.message) or the transport error's */
  message: string;
  /** Status.reason, e.g. "NotFound", "Conflict", "Invalid" */
  reason?: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "EPIPE",
]);

function codeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reads the status and the API server's message out of anything client-node throws. */
export function k8sError(e: unknown): K8sErrorInfo {
  if (e instanceof ApiException) {
    let body: unknown = e.body;
    if (typeof body === "string") {
      try {
        body = JSON.parse(body);
      } catch {
        // plain-text body
      }
    }
    const b = body as { message?: unknown; reason?: unknown } | undefined;
    const message =
      typeof b?.message === "string"
        ? b.message
        : typeof body === "string" && body
          ? body.slice(0, 500)
          : `HTTP ${e.code}`;
    return {
      status: e.code,
      message,
      reason: typeof b?.reason === "string" ? b.reason : undefined,
    };
  }
  const code = codeOf(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (
    (code && NETWORK_CODES.has(code)) ||
    /fetch failed|ECONNREFUSED|socket hang up|connect ETIMEDOUT/i.test(msg)
  ) {
    return { status: 0, message: `API server unreachable (${code ?? msg.slice(0, 80)})` };
  }
  return { status: 0, message: msg.slice(0, 500) };
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiException && e.code === 404;
}

/**
 * The coded failure (lib/result.ts) for an API server answer: 0 (not reached) → `unreachable`,
 * 401/403 → `forbidden`, 404 → `not-found`, 409 → `conflict`, 400/422 → `invalid`,
 * 429 → `busy`, 504 → `timeout`, anything else → `failed`.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#http-status-codes
 */
export function failureCode(e: unknown): FailureCode {
  return statusFailureCode(k8sError(e).status);
}

/** failureCode's mapping for an HTTP status already read (0 = not reached). */
export function statusFailureCode(status: number): FailureCode {
  if (status === 0) return "unreachable";
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 400 || status === 422) return "invalid";
  if (status === 429) return "busy";
  if (status === 504) return "timeout";
  return "failed";
}

/** `fail(failureCode(e), "<what>: <the API server's message>")`. */
export function k8sFailure(e: unknown, what: string): Failure {
  return fail(failureCode(e), `${what}: ${k8sError(e).message}`);
}
