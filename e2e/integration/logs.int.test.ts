// The log reader against real pod logs (KWOK serves each simulated container's log from a file,
// e2e/cluster/sim-logs.ts): follow, back-pressure accounting with a stalled client, the previous
// instance, the highlight query for other features, and that no log text reaches the
// dashboard's own output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLiveModel, stopLiveModel } from "@/lib/k8s/live";
import { isDropped, type Dropped } from "@/lib/logs/buffer";
import type { LogLine } from "@/lib/logs/line";
import {
  followLog,
  MAX_QUEUED_LINES,
  recentHighlightedLines,
  resolveTarget,
  type LogEvent,
} from "@/lib/logs/server";
import { getStack } from "@/lib/stack/server";
import { appendLog, fastWriter, logFileOf, waitForLogFile } from "../support/pod-logs";
import { waitFor } from "@/e2e/support/kube";
import { applyStack, ensureGateway, waitStackReady } from "@/e2e/support/stack";

const stack = getStack();
const app = stack.apps.find((a) => a.name === "sonarr") ?? stack.apps[0]!;

beforeAll(async () => {
  await ensureGateway();
  await applyStack(undefined, stack);
  await waitStackReady(undefined, stack);
  await getLiveModel().ready();
}, 240_000);

afterAll(async () => {
  await stopLiveModel();
});

/** A sink that records events and reports whatever backlog the test sets. */
function recordingSink() {
  const events: LogEvent[] = [];
  const s = {
    backlog: 0,
    closed: false,
    events,
    sink: {
      send: (event: LogEvent["event"], data: LogEvent["data"]) =>
        events.push({ event, data } as LogEvent),
      backlog: () => s.backlog,
      close: () => {
        s.closed = true;
      },
    },
    items(): (LogLine | Dropped)[] {
      return events.flatMap((e) => (e.event === "lines" ? e.data.items : []));
    },
    lines(): LogLine[] {
      return this.items().filter((i): i is LogLine => !isDropped(i));
    },
    dropped(): number {
      return this.items().reduce((n, i) => n + (isDropped(i) ? i.dropped : 0), 0);
    },
  };
  return s;
}

async function target() {
  const t = await waitFor("the app's pod in the live model", async () => {
    const r = resolveTarget(app.name, {});
    return r.ok ? r.target : undefined;
  });
  await waitForLogFile(logFileOf(t.namespace, t.pod, t.container));
  return t;
}

describe("following a container log", () => {
  it("hands on the tail and new lines, and writes none of them to the process's own output", async () => {
    const t = await target();
    const file = logFileOf(t.namespace, t.pod, t.container);
    const rec = recordingSink();
    const abort = new AbortController();
    const marker = `arr-int secret-looking line ${Date.now()}`;
    // Everything the process prints while the log flows through it.
    const printed: string[] = [];
    const restore = [process.stdout, process.stderr].map((stream) => {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        printed.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write;
      return () => (stream.write = write);
    });
    try {
      const done = followLog(
        t,
        { follow: true, previous: false, tailLines: 10, timestamps: true },
        rec.sink,
        abort.signal,
      );
      await waitFor("the tail", async () => (rec.lines().length >= 10 ? true : undefined));
      appendLog(file, [marker, "[Error] s6-applyuidgid: Operation not permitted"]);
      await waitFor("the new lines", async () =>
        rec.lines().some((l) => l.text === marker) ? true : undefined,
      );
      abort.abort();
      await done;
    } finally {
      restore.forEach((r) => r());
    }
    const lines = rec.lines();
    expect(lines.find((l) => l.text === marker)?.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lines.at(-1)).toMatchObject({ h: "s6-uidgid" });
    expect(printed.join("")).not.toContain(marker);
    expect(printed.join("")).not.toContain("s6-applyuidgid");
  });

  it("drops lines while the client is behind, says how many, and accounts for every line", async () => {
    const t = await target();
    const file = logFileOf(t.namespace, t.pod, t.container);
    const rec = recordingSink();
    const abort = new AbortController();
    const prefix = `arr-int burst-${Date.now()}`;
    const done = followLog(
      t,
      { follow: true, previous: false, tailLines: 0, timestamps: false },
      rec.sink,
      abort.signal,
    );
    await new Promise((r) => setTimeout(r, 500)); // the follow request is open
    rec.backlog = 10; // the client stops reading
    const written = await fastWriter(file, { linesPerSecond: 20_000, seconds: 2, prefix });
    await new Promise((r) => setTimeout(r, 1000));
    const sentWhileStalled = rec.lines().length;
    rec.backlog = 0; // it catches up
    appendLog(file, [`${prefix} end`]);
    await waitFor("the last line", async () =>
      rec.lines().some((l) => l.text === `${prefix} end`) ? true : undefined,
    );
    abort.abort();
    await done;
    const ours = rec.lines().filter((l) => l.text.startsWith(prefix));
    expect(sentWhileStalled).toBeLessThanOrEqual(written);
    expect(rec.dropped()).toBeGreaterThan(0);
    // Lines + dropped = what was written (+ the end line): nothing lost without a marker.
    expect(ours.length + rec.dropped()).toBe(written + 1);
    // What was queued for the stalled client never exceeded the bound.
    expect(ours.length - sentWhileStalled).toBeLessThanOrEqual(MAX_QUEUED_LINES + 1);
    // Line numbers only ever increase, with gaps exactly where markers are.
    const items = rec.items();
    let expected: number | undefined;
    for (const i of items) {
      if (isDropped(i)) {
        if (expected !== undefined) expected += i.dropped;
        continue;
      }
      if (expected !== undefined) expect(i.n).toBe(expected);
      expected = i.n + 1;
    }
  });

  it("reads the previous instance, and reports a missing one as the API server's refusal", async () => {
    const t = await target();
    const rec = recordingSink();
    await followLog(
      t,
      { follow: false, previous: true, tailLines: 100, timestamps: false },
      rec.sink,
      new AbortController().signal,
    );
    // No previous.log yet for a fresh pod (nothing restarted): the read fails with a message.
    const end = rec.events.at(-1);
    expect(end?.event).toBe("end");
    if (end?.event === "end") expect(end.data.error).toMatch(/refused|previous|log/i);
    expect(rec.closed).toBe(true);

    const marker = `arr-int previous ${Date.now()}`;
    appendLog(logFileOf(t.namespace, t.pod, t.container, "previous"), [marker]);
    const again = recordingSink();
    await followLog(
      t,
      { follow: false, previous: true, tailLines: 100, timestamps: false },
      again.sink,
      new AbortController().signal,
    );
    expect(again.lines().map((l) => l.text)).toContain(marker);
    expect(again.events.at(-1)).toMatchObject({ event: "end", data: { reason: "eof" } });
  });
});

describe("recentHighlightedLines", () => {
  it("returns the last lines that match a failure pattern", async () => {
    const t = await target();
    appendLog(logFileOf(t.namespace, t.pod, t.container), [
      "[Info] fine",
      "[Warn] SonarrErrorPipeline: DB Error: database is locked",
    ]);
    const r = await recentHighlightedLines(app.name, { tailLines: 200 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pod).toBe(t.pod);
    expect(r.lines.length).toBeGreaterThan(0);
    expect(r.lines.every((l) => l.h !== undefined)).toBe(true);
    expect(r.lines.at(-1)).toMatchObject({ h: "database-locked" });
  });

  it("refuses an app that is not the stack's", async () => {
    expect(await recentHighlightedLines("not-an-app")).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });
});
