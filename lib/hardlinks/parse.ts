import { RECORD_MARK } from "./command";

/**
 * Incremental parsing of the audit's output. Bytes arrive in arbitrary chunks from the exec
 * stream; lines are cut on the byte level (a multi-byte character split across chunks stays
 * intact) and handed on one at a time, so nothing holds the whole output.
 */

/**
 * A file as printed by `stat -c STAT_FORMAT`. Device and inode stay strings: they can exceed 2^53.
 * `size` is the apparent size (st_size); `allocated` the bytes really stored (%b × %B), which is
 * smaller for sparse files (an unfinished download) and what the disk really holds.
 */
export interface StatRecord {
  dev: string;
  ino: string;
  nlink: number;
  size: number;
  allocated: number;
  path: string;
}

/**
 * A control line of the audit script (see command.ts): the pid of its `find`, one line per
 * `stat` batch (names given, stat's exit status) and the trailer (find's exit status).
 */
export type ControlLine =
  | { kind: "pid"; pid: number }
  | { kind: "batch"; count: number; status: number }
  | { kind: "end"; status: number };

/** Parses a control line's body (after the mark), or null when it is not one. */
export function parseControlLine(body: string): ControlLine | null {
  const m = /^(pid|batch|end) (\d{1,10})(?: (\d{1,3}))?$/.exec(body);
  if (!m) return null;
  const a = Number(m[2]);
  if (m[1] === "batch")
    return m[3] === undefined ? null : { kind: "batch", count: a, status: Number(m[3]) };
  if (m[3] !== undefined) return null;
  return m[1] === "pid" ? { kind: "pid", pid: a } : { kind: "end", status: a };
}

/** A line (or record) that could not be understood; it becomes a "could not check" entry. */
export interface UnparsedLine {
  /** The path, when one could be recovered from the line. */
  path?: string;
  reason: string;
  /** The offending text, shortened for display. */
  text: string;
}

/** Lines longer than this are not buffered further: they are reported, not parsed. */
const MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/** Splits a byte stream into lines; calls `onLine` for each complete line (without the newline). */
export class LineSplitter {
  private rest: Buffer[] = [];
  private restBytes = 0;
  private overlong = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (prefix: string) => void,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.emit(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Flushes a last line that had no trailing newline. */
  end(): void {
    if (this.restBytes > 0 || this.overlong) this.emit(Buffer.alloc(0));
  }

  private keep(part: Buffer): void {
    if (this.overlong) return;
    if (this.restBytes + part.length > this.maxLineBytes) {
      this.overlong = true;
      this.onOverlong(Buffer.concat([...this.rest, part]).toString("utf8", 0, 200));
      this.rest = [];
      this.restBytes = 0;
      return;
    }
    // Copy: the exec handler may reuse its buffers.
    this.rest.push(Buffer.from(part));
    this.restBytes += part.length;
  }

  private emit(tail: Buffer): void {
    if (this.overlong) {
      this.overlong = false;
      return;
    }
    if (this.restBytes + tail.length > this.maxLineBytes) {
      this.onOverlong(Buffer.concat([...this.rest, tail]).toString("utf8", 0, 200));
      this.rest = [];
      this.restBytes = 0;
      return;
    }
    let line: string;
    if (this.restBytes === 0) line = tail.toString("utf8");
    else {
      this.rest.push(tail);
      line = Buffer.concat(this.rest).toString("utf8");
      this.rest = [];
      this.restBytes = 0;
    }
    this.onLine(line);
  }
}

const SPACE = 0x20;

/** Index after a run of ASCII digits starting at `from`, or -1 when there is none. */
function digitsEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i += 1;
  }
  return i === from ? -1 : i;
}

/**
 * Parses one record body (the text after RECORD_MARK, continuation lines joined with "\n"):
 * `DEV INO NLINK SIZE BLOCKS BLOCKSIZE NAME`. Hand-written instead of a regular expression: it runs once per
 * file, and allocation here is most of the audit's parse cost.
 */
export function parseStatRecord(body: string): StatRecord | UnparsedLine {
  // Field ends, without an array per record (a million records: allocation is the cost).
  let e0 = -1;
  let e1 = -1;
  let e2 = -1;
  let e3 = -1;
  let e4 = -1;
  let at = 0;
  for (let f = 0; f < 6; f++) {
    const end = digitsEnd(body, at);
    if (end === -1 || body.charCodeAt(end) !== SPACE)
      return { reason: "unparsable stat output", text: shorten(body) };
    if (f === 0) e0 = end;
    else if (f === 1) e1 = end;
    else if (f === 2) e2 = end;
    else if (f === 3) e3 = end;
    else if (f === 4) e4 = end;
    at = end + 1;
  }
  if (at >= body.length) return { reason: "unparsable stat output", text: shorten(body) };
  const e5 = at - 1;
  const path = body.slice(at);
  const nlink = digitsValue(body, e1 + 1, e2);
  const size = digitsValue(body, e2 + 1, e3);
  const allocated = digitsValue(body, e3 + 1, e4) * digitsValue(body, e4 + 1, e5);
  if (
    !Number.isSafeInteger(nlink) ||
    nlink < 1 ||
    !Number.isSafeInteger(size) ||
    !Number.isSafeInteger(allocated)
  ) {
    return { path, reason: "link count or size out of range", text: shorten(body) };
  }
  return { dev: body.slice(0, e0), ino: body.slice(e0 + 1, e1), nlink, size, allocated, path };
}

/** The value of the decimal digits in text[from, to) (already checked to be digits), no substring. */
function digitsValue(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (text.charCodeAt(i) - 0x30);
  return v;
}

export function isStatRecord(r: StatRecord | UnparsedLine): r is StatRecord {
  return "ino" in r;
}

/**
 * Turns stdout lines into records. A line starting with RECORD_MARK opens a record; a line
 * without it continues the previous record's name (the name contained a newline). A record is
 * complete when the next one starts or the stream ends, so one record is held back at most.
 */
export class StatStreamParser {
  private pending: string | null = null;

  constructor(
    private readonly onRecord: (r: StatRecord) => void,
    private readonly onUnparsed: (u: UnparsedLine) => void,
    private readonly onControl: (c: ControlLine) => void = () => {},
  ) {}

  line(text: string): void {
    if (text.startsWith(RECORD_MARK)) {
      this.flush();
      const body = text.slice(RECORD_MARK.length);
      const c = body.charCodeAt(0);
      // Records start with a digit (the device); control lines with a word.
      if (c >= 0x61 && c <= 0x7a) {
        const control = parseControlLine(body);
        if (control) this.onControl(control);
        else this.onUnparsed({ reason: "unexpected control line", text: shorten(body) });
        return;
      }
      this.pending = body;
    } else if (this.pending !== null) {
      if (this.pending.length + text.length > MAX_LINE_BYTES) {
        this.onUnparsed({ reason: "name too long to parse", text: shorten(this.pending) });
        this.pending = null;
        return;
      }
      this.pending += `\n${text}`;
    } else if (text.length > 0) {
      this.onUnparsed({ reason: "unexpected output", text: shorten(text) });
    }
  }

  overlong(prefix: string): void {
    this.flush();
    this.onUnparsed({ reason: "output line too long", text: shorten(prefix) });
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pending === null) return;
    const r = parseStatRecord(this.pending);
    this.pending = null;
    if (isStatRecord(r)) this.onRecord(r);
    else this.onUnparsed(r);
  }
}

/** A diagnostic from find or stat: something under the trees could not be read. */
export interface ToolError {
  tool: string;
  path?: string;
  message: string;
}

/** The programs of the audit command; their diagnostics start a new stderr entry. */
const TOOL_PREFIX = /^(find|stat): /;
// find: ‘/p’: msg (GNU, UTF-8 locale) | find: '/p': msg (GNU, C locale) | find: /p: msg (BusyBox)
// stat: cannot statx '/p': msg (GNU) | stat: cannot stat '/p': msg | stat: can't stat '/p': msg (BusyBox)
const QUOTED = /^(?:[a-z]+(?:'[a-z]+)? )*(?:‘(.*)’|'(.*)'|"(.*)"): (.+)$/s;
const BARE = /^(\/.*): ([^:]+)$/s;

/** Parses one stderr diagnostic (continuation lines already joined with "\n"). */
export function parseToolError(text: string): ToolError {
  const t = TOOL_PREFIX.exec(text);
  if (!t) return { tool: "", message: shorten(text) };
  const tool = t[1] ?? "";
  const rest = text.slice(t[0].length);
  const q = QUOTED.exec(rest);
  if (q)
    return { tool, path: unquoteGnu(q[1] ?? q[2] ?? q[3] ?? ""), message: shorten(q[4] ?? "") };
  const b = BARE.exec(rest);
  if (b) return { tool, path: b[1], message: shorten(b[2] ?? "") };
  return { tool, message: shorten(rest) };
}

/** GNU's shell-escape quoting renders `a'b` as `a'\''b`; undo the common forms for display. */
function unquoteGnu(p: string): string {
  return p.replace(/'\\''/g, "'").replace(/'\$'\\n''/g, "\n");
}

/**
 * Groups stderr lines into diagnostics: a line that does not start with "tool: " continues the
 * previous one (BusyBox prints names with newlines raw).
 */
export class StderrParser {
  private pending: string | null = null;

  constructor(private readonly onError: (e: ToolError) => void) {}

  line(text: string): void {
    if (TOOL_PREFIX.test(text) || this.pending === null) {
      this.flush();
      if (text.length > 0) this.pending = text;
    } else {
      this.pending += `\n${text}`;
    }
  }

  overlong(prefix: string): void {
    this.flush();
    this.onError({ tool: "", message: `diagnostic too long: ${shorten(prefix)}` });
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.pending === null) return;
    const text = this.pending;
    this.pending = null;
    this.onError(parseToolError(text));
  }
}

function shorten(s: string, max = 300): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
