/**
 * The one result shape of the dashboard: every server action, job and fallible I/O helper returns
 * `{ ok: true, …value }` or `{ ok: false, code, error }`. Clients branch on `code` (never on the
 * wording of `error`, and never with `"x" in r` probes); `error` is one line a person can act on.
 * Results are plain JSON, safe to hand to the browser.
 */

/** Why something failed, as a stable code. */
export type FailureCode =
  /** The input failed validation (zod); nothing was changed. */
  | "invalid"
  /** No valid session. */
  | "unauthenticated"
  /** The request came from another site (Origin / Sec-Fetch-Site). */
  | "cross-site"
  /** RBAC, an admission policy or a rule of the dashboard does not allow it. */
  | "forbidden"
  /** The named app, job or object does not exist. */
  | "not-found"
  /** Something else is in the way: another job running, a used or stale confirmation. */
  | "conflict"
  /** The API server (or an app) could not be reached. */
  | "unreachable"
  /** The data PV is Released and must be released (with the user's consent) before deploying. */
  | "released-pv"
  /** The operation did not finish in time. */
  | "timeout"
  /** Too many requests or pending confirmations; try again later. */
  | "busy"
  /** The operation ran and failed (the message says why). */
  | "failed";

/** A failure: its code, one line for a person, and optional typed extras `E`. */
export type Failure<E extends object = object> = {
  ok: false;
  code: FailureCode;
  error: string;
} & E;

/** Success with the value's fields spread in, or a coded failure. */
export type Result<T extends object = object, E extends object = object> =
  ({ ok: true } & T) | Failure<E>;

/** `{ ok: true, ...value }`. */
export function ok<T extends object>(value: T): { ok: true } & T;
export function ok(): { ok: true };
export function ok<T extends object>(value?: T): { ok: true } & T {
  return { ok: true, ...(value ?? ({} as T)) };
}

/** A coded failure; `extra` carries typed details (e.g. the Released PV to confirm). */
export function fail<E extends object = object>(
  code: FailureCode,
  error: string,
  extra?: E,
): Failure<E> {
  return { ok: false, code, error, ...(extra ?? ({} as E)) };
}

const HTTP_STATUS: Record<FailureCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  "cross-site": 403,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "released-pv": 409,
  busy: 429,
  unreachable: 503,
  timeout: 504,
  failed: 500,
};

/** The HTTP status a route handler answers a failure with. */
export function httpStatus(code: FailureCode): number {
  return HTTP_STATUS[code];
}
