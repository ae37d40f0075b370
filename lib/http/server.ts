import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { bodyVerdict, PEER_HEADER } from "./body-limit";

const KEY = Symbol.for("arr-dashboard.body-guard");
/** How much of a refused body is read (and dropped) after the answer, at most, and for how long. */
const LINGER_BYTES = 256 * 1024;
const LINGER_MS = 2000;

/**
 * Refuses oversized and length-less request bodies at the HTTP server, before Next sees the
 * request. Next clones every body for the proxy and its clone keeps reading to the end whatever
 * the proxy answers (and it cannot close the connection: it strips `Connection: close`), so
 * 8 chunked 9.5 MB POSTs still cost ~21 MiB of RSS with the proxy limit alone. Here the answer
 * is written at once and the socket closed, so the rest of the body is never read.
 * Hooks `http.Server#emit("request")` once per process (every server of the process: Next's).
 */
export function installBodyGuard(maxBytes: number): void {
  const proto = Server.prototype as { [KEY]?: true; emit: Server["emit"] };
  if (proto[KEY]) return;
  proto[KEY] = true;
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      const res = args[1] as ServerResponse;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
      const v = bodyVerdict(req.headers, maxBytes);
      if (!v.ok) {
        // Answer, then a bounded "lingering close" (as nginx does): discard what the client still
        // sends, up to LINGER_BYTES or LINGER_MS, so that it reads the answer, then reset the
        // connection. Closing at once with unread data sends a RST that makes the client drop the
        // answer (Node's own Connection: close path does that); reading the whole body is what
        // must not happen. Listening before the answer also stops Node from draining the whole
        // body itself (it "dumps" a request nobody consumed).
        const socket = req.socket;
        let discarded = 0;
        const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
        req.on("data", (chunk: Buffer) => {
          discarded += chunk.length;
          if (discarded > LINGER_BYTES) {
            clearTimeout(timer);
            socket.destroy();
          }
        });
        req.on("end", () => {
          clearTimeout(timer);
          socket.end();
        });
        req.resume();
        res.writeHead(v.status, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
        res.end(JSON.stringify({ ok: false, error: v.error }));
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
}
