import "server-only";
import { statusFailureCode } from "@/lib/k8s/errors";
import { getLiveModel } from "@/lib/k8s/live";
import { LogReadError, streamContainerLog, type LogReadOptions } from "@/lib/k8s/logs";
import { fail, ok, type FailureCode, type Result } from "@/lib/result";
import { getStack } from "@/lib/stack/server";
import { DropQueue, type Dropped } from "./buffer";
import { LineSplitter, parseLogLine, type LogLine } from "./line";
import { resolveLogTarget, type ResolvedLogTarget, type ResolveResult } from "./target";
import type { HighlightId } from "./highlights";

/**
 * The log reader: follow sessions with back-pressure for the log view, a bounded plain-text read
 * for downloads, and "the last lines that match a failure pattern" for other features (the
 * LinuxServer Running-but-not-Ready explanation). Log text is handed on, never logged here.
 */

/**
 * Per follow session: raw lines waiting for the client. Once either bound is reached, newer lines
 * are only counted (a "dropped" marker) until the client has taken some: what is queued stays.
 */
export const MAX_QUEUED_LINES = 1000;
const MAX_QUEUED_CHARS = 1_000_000;
/** At most this many lines per pushed event; a full batch goes out at once. */
const MAX_BATCH_LINES = 500;
/** Events the HTTP response may hold before the session waits (the client is behind). */
const MAX_BACKLOG_EVENTS = 2;
/** Batching window for lines that trickle in; an isolated line goes out at once. */
const FLUSH_MS = 50;

/** What a session pushes. `items` mixes lines and "N lines dropped here" markers, in order. */
export type LogEvent =
  | { event: "lines"; data: { items: (LogLine | Dropped)[] } }
  | { event: "end"; data: { reason: "eof" | "closed"; error?: string } };

export interface LogSessionSink {
  send(event: LogEvent["event"], data: LogEvent["data"]): void;
  backlog(): number;
  close(): void;
}

/** Resolves a request's app/pod/container against the manifests and the live snapshot. */
export function resolveTarget(
  app: string,
  query: { pod?: string; container?: string },
): ResolveResult {
  return resolveLogTarget(getStack(), getLiveModel().snapshot(), app, query);
}

/** The code of a failed read: RBAC refusal, unreachable API server, or a refused request. */
function readFailure(error: unknown): FailureCode {
  return error instanceof LogReadError ? statusFailureCode(error.status) : "failed";
}

function readError(error: unknown): string {
  if (error instanceof LogReadError) {
    if (error.status === 0) return `the API server is unreachable: ${error.message}`;
    if (error.status === 403)
      return "the dashboard may not read this pod's log (RBAC: get pods/log)";
    return `the API server refused the log request (${error.status}): ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Follows one container's log into `sink` until `signal` aborts or the log ends. Raw lines are
 * queued per session within MAX_QUEUED_LINES / MAX_QUEUED_CHARS and parsed (parseLogLine) only
 * when they are sent, in batches of MAX_BATCH_LINES, at once when a batch is full, else after
 * FLUSH_MS. While the client is behind (sink.backlog() > MAX_BACKLOG_EVENTS) nothing is sent;
 * once the queue is full, newer lines are counted, not kept, and the next batch carries a marker
 * with how many went where. Memory per session is bounded whatever the log's rate and whatever
 * the client does, and the per-line garbage dies young: a full, rotating queue of parsed lines
 * for a stalled client had every line outlive the young generation and pushed the V8 old space
 * up by 170 MiB in 16 s at 10 000 lines/s before a full GC reclaimed it (e2e/bench/logs.bench.ts:
 * RSS +92 to +145 MiB then, +7 to +37 MiB now; what remains is old-space garbage promoted by
 * scavenges between full GCs, see the README's bench:logs line).
 */
export async function followLog(
  target: ResolvedLogTarget,
  opts: Pick<LogReadOptions, "previous" | "tailLines" | "timestamps" | "follow">,
  sink: LogSessionSink,
  signal: AbortSignal,
): Promise<void> {
  const queue = new DropQueue<string>(MAX_QUEUED_LINES, MAX_QUEUED_CHARS, (l) => l.length + 48);
  const splitter = new LineSplitter();
  // Number of the last line handed out (markers count for the lines they stand for).
  let n = 0;
  const batch = (): (LogLine | Dropped)[] =>
    queue
      .take(MAX_BATCH_LINES)
      .map((i) =>
        typeof i === "string" ? parseLogLine(i, ++n, opts.timestamps) : ((n += i.dropped), i),
      );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = 0;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (signal.aborted) return;
    while (!queue.empty) {
      if (sink.backlog() > MAX_BACKLOG_EVENTS) {
        timer = setTimeout(flush, FLUSH_MS); // the client is behind: wait (the queue counts drops)
        return;
      }
      if (queue.size < MAX_BATCH_LINES && Date.now() < lastFlush + FLUSH_MS) {
        timer = setTimeout(flush, lastFlush + FLUSH_MS - Date.now()); // gather a partial batch
        return;
      }
      lastFlush = Date.now();
      sink.send("lines", { items: batch() });
    }
  };
  // The tail the client asked for (≤ 5000 lines, lib/logs/target.ts) is kept whole (within
  // MAX_QUEUED_CHARS); past it, at most MAX_QUEUED_LINES wait.
  const tailBound = Math.max(MAX_QUEUED_LINES, opts.tailLines);
  let received = 0;
  const add = (raws: string[]) => {
    for (const raw of raws) {
      const bound = ++received <= opts.tailLines ? tailBound : MAX_QUEUED_LINES;
      // Full: hand batches on first if the client can take them (it may have just caught up).
      if (queue.size >= bound && sink.backlog() <= MAX_BACKLOG_EVENTS) flush();
      queue.offer(raw, bound);
    }
    if (raws.length && (queue.size >= MAX_BATCH_LINES || !timer)) flush();
  };

  let end: LogEvent & { event: "end" };
  try {
    const result = await streamContainerLog(
      target,
      { ...opts, tailLines: opts.tailLines },
      { onText: (text) => add(splitter.push(text)), signal },
    );
    add(splitter.end());
    end =
      result.ended === "broken"
        ? { event: "end", data: { reason: "closed", error: result.error } }
        : { event: "end", data: { reason: result.ended === "eof" ? "eof" : "closed" } };
  } catch (error) {
    end = { event: "end", data: { reason: "closed", error: readError(error) } };
  }
  if (timer) clearTimeout(timer);
  if (signal.aborted) return;
  // Send what is left (the client is still there), then say why it ended.
  while (!queue.empty && !signal.aborted) {
    if (sink.backlog() > MAX_BACKLOG_EVENTS) await new Promise((r) => setTimeout(r, FLUSH_MS));
    else sink.send("lines", { items: batch() });
  }
  sink.send(end.event, end.data);
  sink.close();
}

/**
 * A bounded plain-text copy of a container's log for download: at most `tailLines` lines and
 * about `limitBytes` (the API server stops there), secrets masked, the runtime's timestamp first
 * when asked. What a slow download has not taken yet is held here, within limitBytes.
 */
export function downloadLog(
  target: ResolvedLogTarget,
  opts: { previous: boolean; timestamps: boolean; tailLines: number; limitBytes: number },
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const splitter = new LineSplitter();
  const abort = new AbortController();
  signal.addEventListener("abort", () => abort.abort(), { once: true });
  let n = 0;
  const format = (raws: string[]) =>
    raws
      .map((raw) => {
        const l = parseLogLine(raw, ++n, opts.timestamps);
        return `${l.ts ? `${l.ts} ` : ""}${l.text}\n`;
      })
      .join("");
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        streamContainerLog(
          target,
          { ...opts, follow: false },
          {
            onText: (text) => {
              const out = format(splitter.push(text));
              if (out) controller.enqueue(encoder.encode(out));
            },
            signal: abort.signal,
          },
        )
          .then((r) => {
            const out = format(splitter.end());
            if (out) controller.enqueue(encoder.encode(out));
            if (r.ended === "broken") controller.error(new Error(r.error));
            else controller.close();
          })
          .catch((error: unknown) => {
            controller.enqueue(encoder.encode(`\n[log read failed: ${readError(error)}]\n`));
            controller.close();
          });
      },
      cancel() {
        abort.abort();
      },
    },
    // Bounded by limitBytes anyway; the strategy keeps the queue small when the client is slow.
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * The last lines of an app's log that match a failure pattern (lib/logs/highlights.ts), for
 * features that explain an app's state (e.g. LinuxServer's s6 init while Running but not Ready).
 * Reads at most `tailLines` lines of the app's newest pod's main container (or the `pod` and
 * `container` given, which must be the app's), without following; `only` keeps the lines of
 * those highlights. Secrets are masked as in the log view (parseLogLine).
 * Errors: `invalid`/`not-found` from resolving; `unreachable`, `forbidden`, `not-found` or
 * `failed` when the read fails.
 */
export async function recentHighlightedLines(
  app: string,
  opts: {
    pod?: string;
    container?: string;
    only?: readonly HighlightId[];
    tailLines?: number;
    previous?: boolean;
    max?: number;
    signal?: AbortSignal;
  } = {},
): Promise<Result<{ pod: string; container: string; lines: LogLine[] }>> {
  const resolved = resolveTarget(app, { pod: opts.pod, container: opts.container });
  if (!resolved.ok) return resolved;
  const { target } = resolved;
  const splitter = new LineSplitter();
  const hits: LogLine[] = [];
  const max = opts.max ?? 20;
  let n = 0;
  const keep = (raws: string[]) => {
    for (const raw of raws) {
      const l = parseLogLine(raw, ++n, true);
      if (!l.h || (opts.only && !opts.only.includes(l.h))) continue;
      hits.push(l);
      if (hits.length > max) hits.shift();
    }
  };
  try {
    await streamContainerLog(
      target,
      {
        follow: false,
        previous: opts.previous ?? false,
        tailLines: Math.min(opts.tailLines ?? 1000, 5000),
        timestamps: true,
        limitBytes: 4 * 1024 * 1024,
      },
      {
        onText: (t) => keep(splitter.push(t)),
        signal: opts.signal ?? new AbortController().signal,
      },
    );
    keep(splitter.end());
  } catch (error) {
    return fail(readFailure(error), readError(error));
  }
  return ok({ pod: target.pod, container: target.container, lines: hits });
}
