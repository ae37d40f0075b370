/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the delay is uniform in [base·2^attempt / 2, base·2^attempt], capped. Jitter keeps
 * the ten watches from reconnecting in lock-step when the API server comes back.
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 30_000, random = Math.random } = {},
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
