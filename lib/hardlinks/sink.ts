import { HardlinkAccumulator } from "./report";
import { LineSplitter, StatStreamParser, StderrParser } from "./parse";

/** Where the exec stream's bytes go: stdout and stderr parsed line by line into one accumulator. */
export interface AuditSink {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** Flushes the last partial lines; call once when both streams have ended. */
  end(): void;
  /** Bytes received on stdout so far. */
  readonly stdoutBytes: number;
}

export function createAuditSink(acc: HardlinkAccumulator): AuditSink {
  const out = new StatStreamParser(
    (r) => acc.record(r),
    (u) => acc.unparsed(u),
    (c) => acc.control(c),
  );
  const err = new StderrParser((e) => acc.toolError(e));
  const outLines = new LineSplitter(
    (l) => out.line(l),
    (p) => out.overlong(p),
  );
  const errLines = new LineSplitter(
    (l) => err.line(l),
    (p) => err.overlong(p),
  );
  let stdoutBytes = 0;
  let ended = false;
  return {
    stdout(chunk) {
      stdoutBytes += chunk.length;
      outLines.push(chunk);
    },
    stderr(chunk) {
      errLines.push(chunk);
    },
    end() {
      if (ended) return;
      ended = true;
      outLines.end();
      out.end();
      errLines.end();
      err.end();
    },
    get stdoutBytes() {
      return stdoutBytes;
    },
  };
}
