import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { fail } from "@/lib/result";
import { bodyVerdict, PEER_HEADER } from "./body-limit";

const KEY = Symbol.for("arr-dashboard.body-guard");
/** How long a refused client has to read its answer before the connection is reset. */
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
        // Answer, stop reading, and reset the connection LINGER_MS later. Closing at once, with
        // unread data, sends a RST that makes the client drop the answer (Node's own
        // Connection: close path does that); reading the rest (even to discard it) is what must
        // not happen. read(0) marks the request consumed so that Node does not drain the whole
        // body itself (it "dumps" a request nobody read); paused, the socket's receive window
        // fills and the client can only wait, with the answer to read.
        // `Connection: close` tells the client not to send its next request on this socket
        // (paused, it would never be read, and the reset would fail it). Node ends such a
        // response with destroySoon(), a reset while unread data waits: here it only sends the
        // FIN after the answer, and the timer resets.
        const socket = req.socket;
        req.read(0);
        req.pause();
        socket.destroySoon = () => void socket.end();
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
        res.writeHead(v.status, {
          "content-type": "application/json",
          "cache-control": "no-store",
          connection: "close",
        });
        res.end(JSON.stringify(fail("invalid", v.error)));
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
}
