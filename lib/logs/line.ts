/**
 * Log lines as the dashboard handles them: split from the byte stream of `GET pods/log`, the
 * `timestamps=true` prefix taken apart, over-long lines cut, secrets masked and failure patterns
 * marked. Pure; the reader (lib/logs/server.ts) feeds it.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#read-log-of-the-specified-pod
 */
import { highlightOf, type HighlightId } from "./highlights";

/** A longer line is cut here (and marked): one runaway line must not cost megabytes per client. */
export const MAX_LINE_CHARS = 4096;

/** One log line as the browser gets it. */
export interface LogLine {
  /** Position in this stream (1, 2, …); dropped lines leave gaps. */
  n: number;
  /** RFC 3339 time the runtime recorded, when the API server was asked for timestamps. */
  ts?: string;
  text: string;
  /** Set when the line was longer than MAX_LINE_CHARS and was cut. */
  cut?: true;
  /** The failure pattern the line matches, if any. */
  h?: HighlightId;
}

// `timestamps=true` prefixes each line with RFC3339Nano and one space.
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * Masks secrets a log may print, so they never reach the browser or a download: qBittorrent's
 * temporary WebUI password (LinuxServer image, first start without a password). The line itself
 * stays (it is highlighted: the password is in `kubectl logs`, or set one in the WebUI).
 */
export function redactSecrets(text: string): string {
  return text.replace(
    /(temporary password is provided for this session: )\S+/i,
    "$1[hidden by the dashboard]",
  );
}

/** Parses one raw line (no newline); `timestamps` says whether the API server prefixed times. */
export function parseLogLine(raw: string, n: number, timestamps: boolean): LogLine {
  let text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  let ts: string | undefined;
  if (timestamps) {
    const m = TIMESTAMP.exec(text);
    if (m) {
      ts = m[1];
      text = text.slice(m[0].length);
    }
  }
  const cut = text.length > MAX_LINE_CHARS;
  if (cut) text = text.slice(0, MAX_LINE_CHARS);
  text = redactSecrets(text);
  const h = highlightOf(text);
  return {
    n,
    ...(ts ? { ts } : {}),
    text,
    ...(cut ? { cut: true as const } : {}),
    ...(h ? { h } : {}),
  };
}

/**
 * Splits a stream of text chunks into lines. A partial line is kept until its newline, but never
 * more than MAX_LINE_CHARS of it (the rest of a runaway line is discarded, the line marked cut).
 */
export class LineSplitter {
  private partial = "";
  private overflow = false;

  /** Returns the complete lines in `chunk` (without their newline). */
  push(chunk: string): string[] {
    const parts = chunk.split("\n");
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? "";
      if (i < parts.length - 1) {
        out.push(this.take(part));
      } else if (!this.overflow) {
        this.partial += part;
        if (this.partial.length > MAX_LINE_CHARS + 64) {
          this.partial = this.partial.slice(0, MAX_LINE_CHARS + 64);
          this.overflow = true;
        }
      }
    }
    return out;
  }

  /** The last line when the stream ended without a newline. */
  end(): string[] {
    if (this.partial === "" && !this.overflow) return [];
    return [this.take("")];
  }

  private take(tail: string): string {
    const line = this.overflow ? this.partial : this.partial + tail;
    this.partial = "";
    this.overflow = false;
    // Keep a cut line longer than the limit so parseLogLine marks it cut.
    return line.length > MAX_LINE_CHARS + 64 ? line.slice(0, MAX_LINE_CHARS + 64) : line;
  }
}
