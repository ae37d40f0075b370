/** What every server action returns (serialisable, no raw Kubernetes objects). */
export type ActionResult<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: string };

export function failure(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
