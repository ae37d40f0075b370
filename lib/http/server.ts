import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { bodyVerdict } from "./body-limit";

const KEY = Symbol.for("arr-dashboard.body-guard");

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
      const v = bodyVerdict(req.headers, maxBytes);
      if (!v.ok) {
        res.shouldKeepAlive = false;
        res.writeHead(v.status, {
          "content-type": "application/json",
          "cache-control": "no-store",
          connection: "close",
        });
        // Answer, then close: FIN at once (the client reads the status while still sending), the
        // socket destroyed shortly after so the rest of the body is never read.
        const socket = req.socket;
        res.end(JSON.stringify({ ok: false, error: v.error }), () => {
          socket.end();
          setTimeout(() => socket.destroy(), 1000).unref();
        });
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
}
