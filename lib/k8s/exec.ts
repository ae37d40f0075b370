import "server-only";
import { Writable } from "node:stream";
import { Exec, type V1Status } from "@kubernetes/client-node";
import type { PodTarget } from "@/lib/cluster/types";
import { kubeConfig } from "./client";

/**
 * Streaming exec into a pod through the API server (WebSocket, v5/v4.channel.k8s.io).
 * The caller passes a fixed argv (never a shell line built from user input) and byte handlers;
 * output is handed on chunk by chunk and never accumulated here.
 * RBAC: `create` and `get` on `pods/exec` in the pod's namespace.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-connect-exec-pod-v1-core
 */

export interface ExecStreamOptions {
  onStdout: (chunk: Buffer) => void;
  onStderr: (chunk: Buffer) => void;
  signal?: AbortSignal;
  /** Whole-command deadline, connect included. */
  timeoutMs?: number;
}

export interface ExecOutcome {
  /** 0 on success; the command's exit code when it failed; null when no code was reported. */
  exitCode: number | null;
  /** The API server's message on failure, e.g. "command terminated with non-zero exit code". */
  message?: string;
}

export type ExecFailureKind = "cancelled" | "timeout" | "connect" | "closed";

export class ExecError extends Error {
  constructor(
    readonly kind: ExecFailureKind,
    message: string,
    options?: { cause?: unknown; started?: boolean },
  ) {
    super(message, options);
    this.name = "ExecError";
    this.started = options?.started ?? false;
  }

  /** Whether the exec stream had opened (the command may be running in the pod). */
  readonly started: boolean;
}

/** The exit code carried in a v1 Status from the exec status channel. */
function exitCodeOf(status: V1Status): number | null {
  if (status.status === "Success") return 0;
  const cause = status.details?.causes?.find((c) => c.reason === "ExitCode");
  const code = cause?.message === undefined ? NaN : Number(cause.message);
  return Number.isInteger(code) ? code : null;
}

function sink(handler: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        handler(chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function hardClose(socket: { close(): void; terminate?: () => void } | undefined): void {
  try {
    if (socket?.terminate) socket.terminate();
    else socket?.close();
  } catch {
    // already closed
  }
}

/** Runs `command` in the container and resolves when it exits; rejects with ExecError otherwise. */
export function execStream(
  target: PodTarget,
  command: readonly string[],
  options: ExecStreamOptions,
): Promise<ExecOutcome> {
  return new Promise<ExecOutcome>((resolve, reject) => {
    let settled = false;
    let socket: { close(): void; terminate?: () => void } | undefined;
    let status: V1Status | undefined;
    const cleanups: (() => void)[] = [];
    const finish = (error: ExecError | null, outcome?: ExecOutcome) => {
      if (settled) return;
      settled = true;
      if (error && socket)
        error = new ExecError(error.kind, error.message, { cause: error.cause, started: true });
      for (const c of cleanups) c();
      if (error) {
        // A hard close: a polite close can leave the stream (and the API server's side) open
        // while the remote command runs on (kubernetes-client/javascript#2532). Ending the remote
        // process itself is the caller's part (a second exec that kills the pid it printed).
        hardClose(socket);
        reject(error);
      } else resolve(outcome ?? { exitCode: null });
    };

    if (options.signal?.aborted)
      return finish(new ExecError("cancelled", "exec cancelled before it started"));
    const onAbort = () => finish(new ExecError("cancelled", "exec cancelled"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    cleanups.push(() => options.signal?.removeEventListener("abort", onAbort));
    if (options.timeoutMs !== undefined) {
      const timer = setTimeout(
        () =>
          finish(new ExecError("timeout", `exec did not finish within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
    }

    const stdout = sink(options.onStdout);
    const stderr = sink(options.onStderr);
    new Exec(kubeConfig())
      .exec(
        target.namespace,
        target.pod,
        target.container,
        [...command],
        stdout,
        stderr,
        null,
        false,
        (s) => {
          status = s;
        },
      )
      .then((ws) => {
        socket = ws;
        if (settled) {
          hardClose(ws);
          return;
        }
        ws.on("close", () => {
          if (status) {
            const exitCode = exitCodeOf(status);
            finish(null, {
              exitCode,
              ...(status.status === "Success"
                ? {}
                : { message: status.message ?? status.reason ?? "exec failed" }),
            });
          } else
            finish(
              new ExecError(
                "closed",
                "the exec stream closed before the command reported its exit status",
              ),
            );
        });
        ws.on("error", (error: Error) =>
          finish(new ExecError("closed", `exec stream error: ${error.message}`, { cause: error })),
        );
      })
      .catch((error: unknown) => {
        const detail =
          error instanceof Error
            ? error.message
            : String((error as { message?: unknown })?.message ?? error);
        finish(
          new ExecError(
            "connect",
            `could not start exec in ${target.namespace}/${target.pod}: ${detail}`,
            { cause: error },
          ),
        );
      });
  });
}
