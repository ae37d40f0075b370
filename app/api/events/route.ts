import { gateRequest, gateResponse } from "@/lib/auth/server";
import { getLiveModel } from "@/lib/k8s/live";
import { drainHeaders, lifecycle, onShutdown } from "@/lib/metrics/lifecycle";

export const dynamic = "force-dynamic";

/** Comment line every 15 s so proxies (Envoy under Cilium) keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

/**
 * GET /api/events — Server-Sent Events telling the browser "changed" with the snapshot version.
 * The browser then refetches /api/view. Every tab subscribes to the same in-process live model,
 * so the API server's load does not grow with tabs.
 */
export async function GET(request: Request): Promise<Response> {
  // Shutting down: a non-200 answer makes EventSource stop reconnecting (the page polls instead).
  if (lifecycle().draining)
    return new Response("shutting down\n", { status: 503, headers: drainHeaders() });
  const g = await gateRequest(request, "events");
  if (!g.ok) return gateResponse(g);
  const live = getLiveModel();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const changed = (version: number) =>
        send(
          `event: changed\ndata: ${JSON.stringify({ version, connected: live.status.connected })}\n\n`,
        );
      // `retry` makes EventSource reconnect after 1 s instead of its default 3 s.
      send("retry: 1000\n\n");
      changed(live.snapshot().version);
      const off = live.subscribe(changed);
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      // On shutdown the stream ends, so the server can close; the browser reconnects (to the
      // next pod) and falls back to polling meanwhile.
      let offShutdown = () => {};
      cleanup = () => {
        if (closed) return;
        closed = true;
        off();
        offShutdown();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      request.signal.addEventListener("abort", cleanup, { once: true });
      offShutdown = onShutdown(() => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
