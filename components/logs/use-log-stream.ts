"use client";

import { useEffect, useRef, useState } from "react";
import { appendRing, emptyRing, isDropped, type Dropped, type Ring } from "@/lib/logs/buffer";
import type { HighlightId } from "@/lib/logs/highlights";
import type { LogLine } from "@/lib/logs/line";
import { SseParser } from "@/lib/logs/sse-parse";

/** Lines (and gap markers) the page keeps; older ones fall off the top. */
export const RING_CAPACITY = 5000;
/** How often incoming lines are committed to React state (a fast log must not re-render per line). */
const COMMIT_MS = 150;

/** A row of the view: a line, or a gap with how many lines went missing there. */
export type LogRow = LogLine | (Dropped & { key: string });

export interface LogStreamState {
  status: "connecting" | "following" | "ended" | "error";
  error?: string;
  /** What the server opened (pod and container; it may have picked the defaults). */
  target?: {
    namespace: string;
    pod: string;
    container: string;
    previous: boolean;
    restartCount: number;
  };
  ring: Ring<LogRow>;
  /** Lines the server dropped because this page fell behind. */
  dropped: number;
  /** Lines received in total. */
  received: number;
  /** Highlighted lines seen since the stream opened: count and latest line number per rule. */
  highlights: Partial<Record<HighlightId, { count: number; lastN: number }>>;
}

const initial: LogStreamState = {
  status: "connecting",
  ring: emptyRing(),
  dropped: 0,
  received: 0,
  highlights: {},
};

export interface LogStreamRequest {
  app: string;
  pod?: string;
  container?: string;
  previous: boolean;
  tail: number;
  /** Bumped to reopen the stream. */
  generation: number;
}

export function logUrl(
  req: Omit<LogStreamRequest, "generation" | "tail"> & { tail?: number },
  extra: Record<string, string> = {},
): string {
  const q = new URLSearchParams();
  if (req.pod) q.set("pod", req.pod);
  if (req.container) q.set("container", req.container);
  if (req.previous) q.set("previous", "1");
  if (req.tail !== undefined) q.set("tail", String(req.tail));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `/api/apps/${encodeURIComponent(req.app)}/logs?${q}`;
}

/**
 * Follows one container log over the server's event stream. Incoming lines are batched and
 * committed every COMMIT_MS into a ring of RING_CAPACITY rows, so memory and render work stay
 * bounded whatever the log's rate. Mount it under a `key` that changes with the request: a new
 * request starts from an empty state.
 */
export function useLogStream(req: LogStreamRequest): LogStreamState {
  const [state, setState] = useState<LogStreamState>(initial);
  const pending = useRef<LogRow[]>([]);
  const { app, pod, container, previous, tail, generation } = req;

  useEffect(() => {
    const abort = new AbortController();
    pending.current = [];
    let gap = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const commit = () => {
      timer = undefined;
      const rows = pending.current;
      pending.current = [];
      if (rows.length === 0) return;
      setState((s) => {
        const highlights = { ...s.highlights };
        let dropped = s.dropped;
        let received = s.received;
        for (const r of rows) {
          if (isDropped(r)) {
            dropped += r.dropped;
            continue;
          }
          received++;
          if (r.h) {
            const h = highlights[r.h];
            highlights[r.h] = { count: (h?.count ?? 0) + 1, lastN: r.n };
          }
        }
        return {
          ...s,
          ring: appendRing(s.ring, rows, RING_CAPACITY),
          dropped,
          received,
          highlights,
        };
      });
    };
    const queue = (rows: LogRow[]) => {
      // Bound what waits for the next commit, too: keep the newest, count the rest as dropped.
      pending.current.push(...rows);
      const over = pending.current.length - RING_CAPACITY;
      if (over > 0) {
        pending.current.splice(0, over, { dropped: over, key: `page-${gap++}` });
      }
      timer ??= setTimeout(commit, COMMIT_MS);
    };
    const onEvent = (event: string, data: string) => {
      const body: unknown = JSON.parse(data);
      if (event === "target") {
        setState((s) => ({
          ...s,
          status: "following",
          target: body as LogStreamState["target"],
        }));
      } else if (event === "lines") {
        const items = (body as { items: (LogLine | Dropped)[] }).items;
        queue(items.map((it) => (isDropped(it) ? { ...it, key: `gap-${gap++}` } : it)));
      } else if (event === "end") {
        const end = body as { reason: string; error?: string };
        commit();
        setState((s) => ({
          ...s,
          status: end.error ? "error" : "ended",
          ...(end.error ? { error: end.error } : {}),
        }));
      }
    };

    (async () => {
      const res = await fetch(logUrl({ app, pod, container, previous, tail }), {
        signal: abort.signal,
        headers: { accept: "text/event-stream" },
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: string } | null;
        setState((s) => ({
          ...s,
          status: "error",
          error: body?.error ?? `the log request failed (HTTP ${res.status})`,
        }));
        return;
      }
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of parser.push(value)) onEvent(e.event, e.data);
      }
      commit();
      setState((s) => (s.status === "following" ? { ...s, status: "ended" } : s));
    })().catch((error: unknown) => {
      if (abort.signal.aborted) return;
      setState((s) => ({ ...s, status: "error", error: `disconnected: ${String(error)}` }));
    });
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [app, pod, container, previous, tail, generation]);

  return state;
}
