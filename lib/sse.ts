import { drainHeaders, lifecycle, onShutdown } from "@/lib/metrics/lifecycle";

/** Comment line every 15 s so proxies (Envoy under Cilium) keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

export interface EventSink {
  /** Sends `event: <event>` with `data` as JSON; a no-op once the stream is closed. */
  send(event: string, data: unknown): void;
  /** Ends the stream (runs the cleanup `start` returned). */
  close(): void;
  /**
   * Chunks written but not yet taken by the HTTP response (it stops taking them while the
   * client's socket is full). A producer that can outrun the client checks this and holds back.
   */
  backlog(): number;
}

/**
 * The one Server-Sent Events response of the dashboard's streams (/api/events, deploy jobs,
 * hardlink audits). `start` subscribes and returns its cleanup; the stream ends, and the cleanup
 * runs once, when `start` or a subscriber calls `close()`, the browser goes away, or the process
 * shuts down. While shutting down it answers 503 instead: EventSource then stops reconnecting,
 * and `Connection: close` lets the server close (lib/metrics/lifecycle.ts).
 */
export function eventStream(
  request: Request,
  start: (sink: EventSink) => (() => void) | void,
  opts: { retryMs?: number } = {},
): Response {
  if (lifecycle().draining)
    return new Response("shutting down\n", { status: 503, headers: drainHeaders() });
  const encoder = new TextEncoder();
  let close = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let cleanup: (() => void) | void = undefined;
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close(); // the runtime closed the stream under us
        }
      };
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
      const offShutdown = onShutdown(() => close());
      const onAbort = () => close();
      close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        offShutdown();
        request.signal.removeEventListener("abort", onAbort);
        cleanup?.();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      request.signal.addEventListener("abort", onAbort, { once: true });
      // `retry` makes EventSource reconnect after that long instead of its default 3 s.
      if (opts.retryMs !== undefined) write(`retry: ${opts.retryMs}\n\n`);
      const sink: EventSink = {
        send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        close: () => close(),
        // The default queuing strategy counts chunks with a high-water mark of 1.
        backlog: () => (closed ? 0 : 1 - (controller.desiredSize ?? 1)),
      };
      const ret = start(sink);
      // `start` may have closed the stream already (e.g. a job that had finished): clean up now.
      if (closed) ret?.();
      else cleanup = ret;
    },
    cancel() {
      close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
