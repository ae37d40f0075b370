/**
 * At most one exec check (NFS probe or hardlink audit) in flight per pod, and a backoff while one
 * is stuck (F6: on a hung hard NFS mount every new probe would add a blocked process). Pure: the
 * clock is passed in.
 * @see ../shared/reference/field-failures.md F6
 */

export interface Stuck {
  pid: number | null;
  since: number;
  /** No new exec check in this pod before this time (ms). */
  until: number;
  attempts: number;
  what: string;
}

export type Admission =
  { ok: true; release: () => void } | { ok: false; reason: string; stuck?: Stuck };

/** First backoff after a stuck check, doubled each time it is still stuck, up to the max. */
export const BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 30 * 60_000;

export class ExecGuard {
  private readonly running = new Map<string, string>();
  private readonly stuck = new Map<string, Stuck>();

  /** Admits one check in `pod`, or says why not (one is running, or the pod is backing off). */
  admit(pod: string, what: string, now: number): Admission {
    const r = this.running.get(pod);
    if (r) return { ok: false, reason: `${r} is still running in ${pod}` };
    const s = this.stuck.get(pod);
    if (s && now < s.until)
      return {
        ok: false,
        reason: `a ${s.what} is stuck in ${pod}${s.pid ? ` (pid ${s.pid})` : ""}; next try after ${new Date(s.until).toISOString()}`,
        stuck: s,
      };
    this.running.set(pod, what);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running.delete(pod);
      },
    };
  }

  /** The stuck process of `pod`, if any (to re-check or end it before the next check). */
  stuckOf(pod: string): Stuck | undefined {
    return this.stuck.get(pod);
  }

  /** Records that a check's remote process could not be confirmed gone; backs off, doubling. */
  markStuck(pod: string, pid: number | null, what: string, now: number): Stuck {
    const prev = this.stuck.get(pod);
    const attempts = (prev?.attempts ?? 0) + 1;
    const wait = Math.min(BACKOFF_MS * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    const s: Stuck = {
      pid: pid ?? prev?.pid ?? null,
      since: prev?.since ?? now,
      until: now + wait,
      attempts,
      what,
    };
    this.stuck.set(pod, s);
    return s;
  }

  /** The stuck process is gone: the pod is admitted again. */
  clearStuck(pod: string): void {
    this.stuck.delete(pod);
  }

  /** Pods currently running a check. */
  get inFlight(): string[] {
    return [...this.running.keys()];
  }
}
