import "server-only";
import { JobIdSchema } from "@/lib/actions/schemas";
import { fail, ok, type Result } from "@/lib/result";
import { eventStream } from "@/lib/sse";
import { JobRegistry, type JobView } from "./registry";

export type * from "./registry";

const KEY = Symbol.for("arr-dashboard.jobs");

/** The process-wide job registry (on globalThis: Next's module graphs and dev reloads share it). */
export function jobRegistry(): JobRegistry {
  const g = globalThis as { [KEY]?: JobRegistry };
  g[KEY] ??= new JobRegistry();
  return g[KEY];
}

/**
 * The progress stream of one job (Server-Sent Events): a `job` event with its view now and on
 * every change, then the stream closes once the job has ended. A reload reconnects and gets the
 * current state first, so nothing is lost. The caller has checked the session and the id exists.
 */
export function jobEvents(request: Request, id: string): Response {
  const reg = jobRegistry();
  return eventStream(request, (sink) => {
    const onJob = (job: JobView) => {
      sink.send("job", job);
      if (job.status !== "running") sink.close();
    };
    const unsubscribe = reg.subscribe(id, onJob);
    // Current state first (after subscribing, so no change falls in between).
    const now = reg.get(id);
    if (now) onJob(now);
    else sink.close();
    return unsubscribe;
  });
}

/**
 * A job by an untrusted id (a route parameter): `invalid` for a malformed id, `not-found` for an
 * unknown or forgotten one (jobs live in memory and are gone after a restart).
 */
export function findJob(id: unknown): Result<{ job: JobView }> {
  const parsed = JobIdSchema.safeParse(id);
  if (!parsed.success) return fail("invalid", "malformed job id");
  const job = jobRegistry().get(parsed.data);
  return job
    ? ok({ job })
    : fail("not-found", "no such job (it may have been forgotten after a restart)");
}
