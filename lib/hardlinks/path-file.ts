import "server-only";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PathStore } from "./store";
import { GrowableF64, GrowableU32 } from "./store";

const BUFFER = 1 << 20;
const CHECKPOINT = 64;

/**
 * The torrent paths of a running audit kept in a temporary file instead of memory: about 4 bytes
 * of index per path stay in memory (its length; the file offset only of every 64th path, the
 * others are summed from there), the UTF-8 bytes go to disk in 1 MiB writes. At the end only the
 * few paths the report names (largest orphans and unfinished files) are read back. Call
 * `dispose()` when the report is built; the file is removed.
 */
export class FilePathStore implements PathStore {
  private readonly dir = mkdtempSync(join(tmpdir(), "arr-audit-"));
  private readonly fd = openSync(join(this.dir, "paths"), "w+", 0o600);
  /** File offset of every CHECKPOINT-th path. */
  private readonly checkpoint = new GrowableF64();
  private readonly len = new GrowableU32();
  /** File offset where the next path goes. */
  private end = 0;
  private buf = Buffer.allocUnsafe(BUFFER);
  private used = 0;
  /** File offset of buf[0]. */
  private flushed = 0;
  private disposed = false;

  add(path: string): number {
    const need = Buffer.byteLength(path);
    if (this.used + need > this.buf.length) this.flush();
    if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    this.buf.write(path, this.used);
    if (this.len.length % CHECKPOINT === 0) this.checkpoint.push(this.end);
    this.used += need;
    this.end += need;
    return this.len.push(need);
  }

  get(id: number): string {
    const first = id - (id % CHECKPOINT);
    let at = this.checkpoint.get(first / CHECKPOINT);
    for (let i = first; i < id; i++) at += this.len.get(i);
    const n = this.len.get(id);
    if (at >= this.flushed) {
      const o = at - this.flushed;
      return this.buf.toString("utf8", o, o + n);
    }
    const out = Buffer.allocUnsafe(n);
    readSync(this.fd, out, 0, n, at);
    return out.toString("utf8");
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used, this.flushed);
    this.flushed += this.used;
    this.used = 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      closeSync(this.fd);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
