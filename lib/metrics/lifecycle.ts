/**
 * Process lifecycle shared by /api/readyz, the event streams and the shutdown hook (globalThis:
 * one per process, whatever module graph a route was bundled into).
 *
 * On SIGTERM (instrumentation.ts) `shutdown()` marks the process draining, so /api/readyz answers
 * 503, and runs every registered closer. Next's own handler closes the listening socket and waits
 * for open responses to end; the Server-Sent Event streams never end on their own, so they
 * register a closer here. Without it the pod would linger until the kubelet's SIGKILL.
 */
const KEY = Symbol.for("arr-dashboard.lifecycle");
interface Lifecycle {
  startedAt: number;
  draining: boolean;
  closers: Set<() => void>;
}

export function lifecycle(): Lifecycle {
  const g = globalThis as { [KEY]?: Lifecycle };
  g[KEY] ??= { startedAt: Date.now(), draining: false, closers: new Set() };
  return g[KEY];
}

/** Runs `close` when the process starts shutting down (at once if it already has). */
export function onShutdown(close: () => void): () => void {
  const l = lifecycle();
  if (l.draining) {
    close();
    return () => {};
  }
  l.closers.add(close);
  return () => l.closers.delete(close);
}

/**
 * `Connection: close` while draining. Node keeps serving requests on kept-alive connections after
 * the listener closes, and a page reconnecting its event stream (every 1–2 s) or polling the view
 * (every 3 s) never lets its connection go idle, so Next would wait for it forever. Responses the
 * page repeats carry this header, so each such connection ends after its response.
 */
export function drainHeaders(): Record<string, string> {
  return lifecycle().draining ? { Connection: "close" } : {};
}

/** Marks the process draining and runs the registered closers once. */
function shutdown(): void {
  const l = lifecycle();
  if (l.draining) return;
  l.draining = true;
  const closers = [...l.closers];
  l.closers.clear();
  for (const close of closers) {
    try {
      close();
    } catch (err) {
      console.error("shutdown:", err instanceof Error ? err.message : err);
    }
  }
}

/** How long after SIGTERM the process may take to close before it exits anyway. */
const GRACE_MS = 20_000;

/**
 * On SIGTERM or SIGINT: `shutdown()` (the event streams end) and `stop()` (the watches end).
 * Next's own handler meanwhile stops accepting connections and exits once open responses have
 * ended. If something still holds the server open, the process exits before the kubelet's 30 s
 * grace period runs out.
 */
export function exitOnSignals(stop: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    shutdown();
    void stop().catch(() => {});
    setTimeout(() => {
      console.error(`still open ${GRACE_MS / 1000} s after ${signal}; exiting`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }, GRACE_MS).unref();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
