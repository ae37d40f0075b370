"use client";

import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { isDropped } from "@/lib/logs/buffer";
import { HIGHLIGHT_RULES, kubectlLogsCommand, type HighlightRule } from "@/lib/logs/highlights";
import type { LogLine } from "@/lib/logs/line";
import type { PodView } from "@/lib/cluster/types";
import {
  logUrl,
  RING_CAPACITY,
  useLogStream,
  type LogRow,
  type LogStreamState,
} from "./use-log-stream";

/** Rows in the DOM at most (the newest that match the filter); the ring holds more. */
const MAX_DOM_ROWS = 1000;
const TAIL_LINES = 500;

const SEVERITY_TONE: Record<HighlightRule["severity"], "red" | "amber" | "blue"> = {
  error: "red",
  warning: "amber",
  info: "blue",
};
const SEVERITY_ROW: Record<HighlightRule["severity"], string> = {
  error: "bg-rose-500/15 border-l-2 border-rose-500",
  warning: "bg-amber-500/15 border-l-2 border-amber-500",
  info: "bg-sky-500/15 border-l-2 border-sky-500",
};
const RULES = new Map(HIGHLIGHT_RULES.map((r) => [r.id, r]));

const Row = memo(function Row({
  row,
  timestamps,
  wrap,
}: {
  row: LogRow;
  timestamps: boolean;
  wrap: boolean;
}) {
  if (isDropped(row))
    return (
      <div
        className="my-0.5 rounded bg-slate-700/60 px-2 text-center text-amber-200"
        data-testid="log-dropped"
      >
        … {row.dropped.toLocaleString()} lines dropped here (the page fell behind the log)
      </div>
    );
  const rule = row.h ? RULES.get(row.h) : undefined;
  return (
    <div
      id={`log-line-${row.n}`}
      data-testid="log-line"
      data-n={row.n}
      data-highlight={row.h}
      className={cn(
        "px-2",
        wrap ? "break-all whitespace-pre-wrap" : "whitespace-pre",
        rule && SEVERITY_ROW[rule.severity],
      )}
      title={rule ? `${rule.title}: ${rule.hint}` : undefined}
    >
      {timestamps && row.ts ? (
        <span className="mr-2 text-slate-500 select-none">{row.ts.slice(0, 23)}</span>
      ) : null}
      {row.text}
      {row.cut ? <span className="text-slate-500"> … (line cut)</span> : null}
    </div>
  );
});

function Toggle({
  checked,
  onChange,
  testId,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
  children: string;
}) {
  return (
    <label className="inline-flex items-center gap-1 text-xs">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  );
}

function Highlights({ state, onJump }: { state: LogStreamState; onJump: (n: number) => void }) {
  const items = HIGHLIGHT_RULES.flatMap((r) => {
    const h = state.highlights[r.id];
    return h ? [{ rule: r, ...h }] : [];
  });
  if (items.length === 0) return null;
  return (
    <ul id="log-highlights" className="mb-3 space-y-1.5" data-testid="log-highlights">
      {items.map(({ rule, count, lastN }) => (
        <li key={rule.id} className="text-sm" data-testid="log-highlight" data-rule={rule.id}>
          <button
            type="button"
            onClick={() => onJump(lastN)}
            className="inline-flex items-center gap-2 text-left hover:underline"
          >
            <Badge tone={SEVERITY_TONE[rule.severity]} dot>
              {rule.title}
            </Badge>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              ×{count} · latest at line {lastN}
            </span>
          </button>
          <p className="ml-1 text-xs text-slate-500 dark:text-slate-400">
            {rule.hint}
            {rule.kubectlHint && state.target ? (
              <>
                {" "}
                <code
                  className="rounded bg-slate-100 px-1 font-mono select-all dark:bg-slate-800"
                  data-testid="log-highlight-command"
                >
                  {kubectlLogsCommand(state.target)}
                </code>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

function LogViewer({
  app,
  pod,
  container,
  previous,
  onTarget,
}: {
  app: string;
  pod?: string;
  container?: string;
  previous: boolean;
  onTarget: (t: LogStreamState["target"]) => void;
}) {
  const state = useLogStream({ app, pod, container, previous, tail: TAIL_LINES, generation: 0 });
  const [paused, setPaused] = useState<LogStreamState["ring"] | null>(null);
  const [wrap, setWrap] = useState(true);
  const [timestamps, setTimestamps] = useState(false);
  const [filter, setFilter] = useState("");
  const [onlyHighlights, setOnlyHighlights] = useState(false);
  const deferredFilter = useDeferredValue(filter);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    if (state.target) onTarget(state.target);
  }, [state.target, onTarget]);

  const ring = paused ?? state.ring;
  const rows = useMemo(() => {
    const needle = deferredFilter.trim().toLowerCase();
    const out: LogRow[] = [];
    // Walk from the newest; keep at most MAX_DOM_ROWS matching rows.
    for (let i = ring.items.length - 1; i >= 0 && out.length < MAX_DOM_ROWS; i--) {
      const r = ring.items[i]!;
      if (isDropped(r)) {
        if (!needle && !onlyHighlights) out.push(r);
        continue;
      }
      if (onlyHighlights && !r.h) continue;
      if (needle && !(r as LogLine).text.toLowerCase().includes(needle)) continue;
      out.push(r);
    }
    return out.reverse();
  }, [ring, deferredFilter, onlyHighlights]);

  // Follow the bottom unless the reader scrolled up.
  useEffect(() => {
    const el = box.current;
    if (el && stick.current && !paused) el.scrollTop = el.scrollHeight;
  }, [rows, paused]);

  const jump = (n: number) => {
    setFilter("");
    setOnlyHighlights(false);
    requestAnimationFrame(() => {
      const el = document.getElementById(`log-line-${n}`);
      if (el) {
        stick.current = false;
        el.scrollIntoView({ block: "center" });
        el.classList.add("ring-2", "ring-sky-400");
        setTimeout(() => el.classList.remove("ring-2", "ring-sky-400"), 2000);
      }
    });
  };

  const newWhilePaused = paused
    ? state.received - paused.items.filter((r) => !isDropped(r)).length - paused.evicted
    : 0;
  const statusText =
    state.status === "connecting"
      ? "Connecting…"
      : state.status === "following"
        ? previous
          ? "Previous container"
          : "Following"
        : state.status === "ended"
          ? previous
            ? "Previous container"
            : "Stream ended"
          : "Error";

  return (
    <div data-testid="log-viewer" data-status={state.status}>
      <Highlights state={state} onJump={jump} />
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <Badge
          tone={state.status === "error" ? "red" : state.status === "following" ? "green" : "slate"}
          dot
          data-testid="log-status"
        >
          {statusText}
        </Badge>
        <Button
          size="sm"
          onClick={() => setPaused((p) => (p ? null : state.ring))}
          data-testid="log-pause"
          aria-pressed={paused !== null}
        >
          {paused ? "Resume" : "Pause"}
        </Button>
        <Toggle checked={wrap} onChange={setWrap} testId="log-wrap">
          Wrap
        </Toggle>
        <Toggle checked={timestamps} onChange={setTimestamps} testId="log-timestamps">
          Timestamps
        </Toggle>
        <Toggle checked={onlyHighlights} onChange={setOnlyHighlights} testId="log-only-highlights">
          Highlights only
        </Toggle>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter lines"
          aria-label="Filter log lines"
          data-testid="log-filter"
          className="min-w-[10rem] flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900"
        />
        {state.target ? (
          <a
            href={logUrl(
              { app, pod: state.target.pod, container: state.target.container, previous },
              { download: "1", timestamps: timestamps ? "1" : "0" },
            )}
            className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            data-testid="log-download"
            download
          >
            Download
          </a>
        ) : null}
      </div>
      {state.error ? (
        <p className="mb-2 text-sm text-rose-600 dark:text-rose-400" data-testid="log-error">
          {state.error}
        </p>
      ) : null}
      <div
        ref={box}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="h-[28rem] overflow-auto rounded-lg bg-slate-950 py-1 font-mono text-xs leading-5 text-slate-100"
        data-testid="log-box"
        role="log"
        aria-live="off"
      >
        {rows.length === 0 ? (
          <p className="px-2 text-slate-500">
            {state.status === "connecting"
              ? "Loading…"
              : filter || onlyHighlights
                ? "No line matches."
                : "No log lines yet."}
          </p>
        ) : (
          rows.map((r) => (
            <Row key={isDropped(r) ? r.key : r.n} row={r} timestamps={timestamps} wrap={wrap} />
          ))
        )}
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="log-counts">
        {state.received.toLocaleString()} lines received
        {state.dropped
          ? ` · ${state.dropped.toLocaleString()} dropped by the server (the page fell behind)`
          : ""}
        {state.ring.evicted ? ` · showing the newest ${RING_CAPACITY.toLocaleString()}` : ""}
        {rows.length >= MAX_DOM_ROWS ? ` · ${MAX_DOM_ROWS} rows on screen` : ""}
        {paused
          ? ` · paused${newWhilePaused > 0 ? `, ${newWhilePaused.toLocaleString()} new lines` : ""}`
          : ""}
      </p>
    </div>
  );
}

/**
 * The app's container log: pick a pod and container (the app's own only), current or previous
 * instance; follows live, with highlights of known failure lines summarised at the top.
 */
export function AppLogs({ app, pods }: { app: string; pods: readonly PodView[] }) {
  const [choice, setChoice] = useState<{ pod?: string; container?: string; previous: boolean }>({
    previous: false,
  });
  const [opened, setOpened] = useState<LogStreamState["target"]>();
  const podName = choice.pod ?? opened?.pod;
  const pod = pods.find((p) => p.name === podName);
  const containerName = choice.container ?? opened?.container;
  const live = pod?.containers.find((c) => c.name === containerName);
  const restarts = live?.restartCount ?? 0;
  const [generation, setGeneration] = useState(0);

  return (
    <Card id="logs" data-testid="app-logs">
      <CardHeader
        title="Logs"
        subtitle={
          opened
            ? `${opened.pod} / ${opened.container}${choice.previous ? " (previous instance)" : ""}`
            : "The app's container log"
        }
        actions={
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <select
              aria-label="Pod"
              data-testid="log-pod"
              value={podName ?? ""}
              onChange={(e) => setChoice({ pod: e.target.value, previous: false })}
              className="rounded-md border border-slate-300 bg-white px-1.5 py-1 dark:border-slate-700 dark:bg-slate-900"
            >
              {podName && !pod ? <option value={podName}>{podName} (gone)</option> : null}
              {pods.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
            {pod && pod.containers.length > 1 ? (
              <select
                aria-label="Container"
                data-testid="log-container"
                value={containerName ?? ""}
                onChange={(e) =>
                  setChoice((c) => ({ ...c, container: e.target.value, previous: false }))
                }
                className="rounded-md border border-slate-300 bg-white px-1.5 py-1 dark:border-slate-700 dark:bg-slate-900"
              >
                {pod.containers.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            ) : null}
            <Button
              size="sm"
              variant={choice.previous ? "primary" : "secondary"}
              disabled={restarts === 0 && !choice.previous}
              title={
                restarts === 0 ? "No previous instance: the container has not restarted" : undefined
              }
              onClick={() =>
                setChoice((c) => ({
                  ...c,
                  pod: podName,
                  container: containerName,
                  previous: !c.previous,
                }))
              }
              data-testid="log-previous"
              aria-pressed={choice.previous}
            >
              {choice.previous
                ? "Show current"
                : `Previous instance${restarts ? ` (${restarts} restarts)` : ""}`}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setGeneration((g) => g + 1)}
              data-testid="log-reload"
            >
              Reload
            </Button>
          </div>
        }
      />
      <CardBody>
        {pods.length === 0 && !choice.pod ? (
          <EmptyState>No pod, so no log. Start the app to see its log here.</EmptyState>
        ) : (
          <LogViewer
            key={`${choice.pod ?? ""}/${choice.container ?? ""}/${choice.previous}/${generation}`}
            app={app}
            pod={choice.pod}
            container={choice.container}
            previous={choice.previous}
            onTarget={setOpened}
          />
        )}
      </CardBody>
    </Card>
  );
}
