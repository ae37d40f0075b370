import { RECORD_MARK } from "./command";

/**
 * Incremental parsing of the audit's output. Bytes arrive in arbitrary chunks from the exec
 * stream; lines are cut on the byte level (a multi-byte character split across chunks stays
 * intact) and handed on one at a time, so nothing holds the whole output.
 */

/** A file as printed by `stat -c STAT_FORMAT`. Device and inode stay strings: they can exceed 2^53. */
export interface StatRecord {
  dev: string;
  ino: string;
  nlink: number;
  size: number;
  path: string;
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
 * `DEV INO NLINK SIZE NAME`. Hand-written instead of a regular expression: it runs once per
 * file, and allocation here is most of the audit's parse cost.
 */
export function parseStatRecord(body: string): StatRecord | UnparsedLine {
  const fields: number[] = [];
  let at = 0;
  for (let f = 0; f < 4; f++) {
    const end = digitsEnd(body, at);
    if (end === -1 || body.charCodeAt(end) !== SPACE)
      return { reason: "unparsable stat output", text: shorten(body) };
    fields.push(end);
    at = end + 1;
  }
  if (at >= body.length) return { reason: "unparsable stat output", text: shorten(body) };
  const [e0, e1, e2, e3] = fields as [number, number, number, number];
  const path = body.slice(at);
  const nlink = Number(body.slice(e1 + 1, e2));
  const size = Number(body.slice(e2 + 1, e3));
  if (!Number.isSafeInteger(nlink) || nlink < 1 || !Number.isSafeInteger(size)) {
    return { path, reason: "link count or size out of range", text: shorten(body) };
  }
  return { dev: body.slice(0, e0), ino: body.slice(e0 + 1, e1), nlink, size, path };
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
  ) {}

  line(text: string): void {
    if (text.startsWith(RECORD_MARK)) {
      this.flush();
      this.pending = text.slice(RECORD_MARK.length);
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
