// Test helper: a loopback TCP proxy in front of the API server that a test can freeze. Frozen
// connections neither forward data nor close (no FIN, no RST): the half-open stream of F13, which
// looks alive to the client. TLS passes through untouched (the client still talks to the real
// kube-apiserver certificate on 127.0.0.1).
import net from "node:net";
import { KubeConfig } from "@kubernetes/client-node";

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  frozen: boolean;
}

export interface FreezableProxy {
  /** `https://127.0.0.1:<port>`: the API server's address through the proxy. */
  readonly url: string;
  /** Connections opened so far (each watch, list or probe that did not reuse one). */
  readonly connections: number;
  /** Stops every open connection and every new one: no data either way, nothing closed. */
  freeze(): void;
  /** Resumes every frozen connection (held data flows) and lets new ones through. */
  thaw(): void;
  /**
   * Leaves the open connections frozen for good (a dead NAT entry or a peer gone without a
   * goodbye) while new connections pass: only a client-side deadline can notice.
   */
  abandon(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` ("host:port") on a free loopback port. */
export async function startFreezableProxy(target: {
  host: string;
  port: number;
}): Promise<FreezableProxy> {
  const pairs = new Set<Pair>();
  const abandoned = new Set<Pair>();
  let frozenNew = false;
  let count = 0;
  const link = (from: net.Socket, to: net.Socket, pair: Pair) => {
    from.on("data", (chunk: Buffer) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => {
          if (!pair.frozen) from.resume();
        });
      }
    });
    from.on("end", () => to.end());
    from.on("error", () => to.destroy());
    from.on("close", () => {
      to.destroy();
      pairs.delete(pair);
      abandoned.delete(pair);
    });
  };
  const setFrozen = (pair: Pair, frozen: boolean) => {
    pair.frozen = frozen;
    if (frozen) {
      pair.client.pause();
      pair.upstream.pause();
    } else {
      pair.client.resume();
      pair.upstream.resume();
    }
  };
  const server = net.createServer((client) => {
    count++;
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, upstream, frozen: false };
    pairs.add(pair);
    link(client, upstream, pair);
    link(upstream, client, pair);
    if (frozenNew) setFrozen(pair, true);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    get connections() {
      return count;
    },
    freeze() {
      frozenNew = true;
      for (const p of pairs) setFrozen(p, true);
    },
    thaw() {
      frozenNew = false;
      for (const p of pairs) setFrozen(p, false);
    },
    abandon() {
      frozenNew = false;
      // Frozen and forgotten: never resumed by thaw(), only destroyed by close().
      for (const p of pairs) {
        setFrozen(p, true);
        abandoned.add(p);
      }
      pairs.clear();
    },
    async close() {
      for (const p of [...pairs, ...abandoned]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The API server's host and port from a kubeconfig's current cluster. */
export function apiServerAddress(kc: KubeConfig): { host: string; port: number } {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error("kubeconfig has no current cluster");
  const u = new URL(server);
  return { host: u.hostname, port: Number(u.port || 443) };
}

/** A copy of `kc` whose current cluster is reached at `url` (same credentials and CA). */
export function kubeConfigVia(kc: KubeConfig, url: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromString(kc.exportConfig());
  const name = copy.getCurrentCluster()?.name;
  copy.clusters = copy.clusters.map((c) => (c.name === name ? { ...c, server: url } : c));
  return copy;
}
