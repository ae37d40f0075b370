import "server-only";
import { Writable } from "node:stream";
import { Log } from "@kubernetes/client-node";
import type { PodTarget } from "@/lib/cluster/types";
import { kubeConfig } from "./client";
import { k8sError } from "./errors";

/**
 * Reads a container's log through the API server (`GET pods/{name}/log`), handing each chunk on
 * as it arrives; nothing is accumulated here. RBAC: `get` on `pods/log` in the pod's namespace.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#read-log-of-the-specified-pod
 */

export interface LogReadOptions {
  follow: boolean;
  /** The previous (terminated) instance of the container, after a restart. */
  previous: boolean;
  /** Lines from the end to start with. */
  tailLines: number;
  timestamps: boolean;
  /** Stop after about this many bytes (the API server's limitBytes). */
  limitBytes?: number;
}

export interface LogStreamHandlers {
  /** A chunk of log text (UTF-8 decoded; a multi-byte character is never split). */
  onText: (text: string) => void;
  signal: AbortSignal;
}

/**
 * How a read ended: the API server ended the body (`eof`), we aborted (`aborted`), or the
 * connection broke (`broken`, with the transport's message).
 */
export type LogStreamEnd = { ended: "eof" | "aborted" } | { ended: "broken"; error: string };

/** Why a read could not start, from the API server's answer. */
export class LogReadError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LogReadError";
  }
}

/**
 * Streams the log of `target` until the API server ends it or `signal` aborts.
 * Resolves with how it ended; rejects with LogReadError when the request fails (status 0 when the
 * API server could not be reached; 400 e.g. for no previous container, 404 for a gone pod).
 */
export async function streamContainerLog(
  target: PodTarget,
  options: LogReadOptions,
  handlers: LogStreamHandlers,
): Promise<LogStreamEnd> {
  const decoder = new TextDecoder("utf-8");
  let settle: (end: LogStreamEnd) => void = () => {};
  const done = new Promise<LogStreamEnd>((resolve) => (settle = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        if (text) handlers.onText(text);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    final(callback) {
      const rest = decoder.decode();
      if (rest) handlers.onText(rest);
      callback();
    },
  });
  // client-node pipes the response body into `sink`: `finish` when the body ended. An aborted or
  // broken body errors the *source* stream, which client-node leaves without an 'error' listener
  // (an unhandled 'error' would take the process down), and `pipe` does not tell the sink: catch
  // it on the source, which the sink's 'pipe' event hands us.
  sink.on("finish", () => settle({ ended: "eof" }));
  sink.on("pipe", (source: NodeJS.ReadableStream) => {
    source.on("error", (error: Error) =>
      settle(
        handlers.signal.aborted
          ? { ended: "aborted" }
          : { ended: "broken", error: error.message || String(error) },
      ),
    );
  });
  sink.on("error", (error) => settle({ ended: "broken", error: error.message }));

  let controller: AbortController;
  try {
    controller = await new Log(kubeConfig()).log(
      target.namespace,
      target.pod,
      target.container,
      sink,
      {
        follow: options.follow,
        previous: options.previous,
        tailLines: options.tailLines,
        timestamps: options.timestamps,
        ...(options.limitBytes !== undefined ? { limitBytes: options.limitBytes } : {}),
      },
    );
  } catch (error) {
    const info = k8sError(error);
    throw new LogReadError(info.status, info.message, { cause: error });
  }
  const abort = () => {
    controller.abort();
    settle({ ended: "aborted" });
  };
  if (handlers.signal.aborted) abort();
  else handlers.signal.addEventListener("abort", abort, { once: true });
  const end = await done;
  handlers.signal.removeEventListener("abort", abort);
  if (end.ended !== "aborted") return end;
  controller.abort();
  return end;
}
