/**
 * Compact storage for the hardlink audit, so its memory stays bounded at a million files: growable
 * typed arrays instead of one object per file, an open-addressing inode table, and paths kept as
 * UTF-8 bytes in one arena with their directory stored once.
 */

/** A Float64Array that grows by doubling. */
export class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i] ?? 0;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/** A Uint32Array that grows by doubling. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Uint32Array(initial);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
  get(i: number): number {
    return this.data[i] ?? 0;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
}

/** Paths as directory index + UTF-8 basename bytes in one buffer. */
export class PathArena {
  private readonly dirs: string[] = [];
  private readonly dirIndex = new Map<string, number>();
  private readonly dirOf = new GrowableU32();
  private readonly start = new GrowableU32();
  private readonly end = new GrowableU32();
  private buf = Buffer.allocUnsafe(64 * 1024);
  private used = 0;

  /** Stores a path; returns its id. */
  add(path: string): number {
    const slash = path.lastIndexOf("/");
    const dir = path.slice(0, slash + 1);
    let d = this.dirIndex.get(dir);
    if (d === undefined) {
      d = this.dirs.length;
      this.dirs.push(dir);
      this.dirIndex.set(dir, d);
    }
    const base = path.slice(slash + 1);
    const need = Buffer.byteLength(base);
    if (this.used + need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + need));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.buf.write(base, this.used);
    this.start.push(this.used);
    this.used += need;
    this.end.push(this.used);
    return this.dirOf.push(d);
  }

  get(id: number): string {
    return (
      (this.dirs[this.dirOf.get(id)] ?? "") +
      this.buf.toString("utf8", this.start.get(id), this.end.get(id))
    );
  }
}

/**
 * Maps (device index, inode) to a row index. Open addressing with linear probing over Int32Array;
 * inodes up to 2^53 are exact numbers, larger ones go through a small string map.
 */
export class InodeTable {
  private slots = new Int32Array(1 << 12).fill(-1);
  private count = 0;
  private readonly big = new Map<string, number>();
  constructor(
    private readonly devOf: (row: number) => number,
    private readonly inoOf: (row: number) => number,
  ) {}

  private static hash(dev: number, ino: number): number {
    const lo = ino >>> 0;
    const hi = Math.floor(ino / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(dev + 1, 0x85ebca6b), 0x27d4eb2d);
    h ^= h >>> 15;
    return h >>> 0;
  }

  /** Row of (dev, ino), or -1. `ino` is the decimal text when it is not an exact number. */
  find(dev: number, ino: number | string): number {
    if (typeof ino === "string") return this.big.get(`${dev}:${ino}`) ?? -1;
    const mask = this.slots.length - 1;
    for (let i = InodeTable.hash(dev, ino) & mask; ; i = (i + 1) & mask) {
      const row = this.slots[i] ?? -1;
      if (row === -1) return -1;
      if (this.inoOf(row) === ino && this.devOf(row) === dev) return row;
    }
  }

  insert(dev: number, ino: number | string, row: number): void {
    if (typeof ino === "string") {
      this.big.set(`${dev}:${ino}`, row);
      return;
    }
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(dev, ino, row);
    this.count += 1;
  }

  private place(dev: number, ino: number, row: number): void {
    const mask = this.slots.length - 1;
    let i = InodeTable.hash(dev, ino) & mask;
    while ((this.slots[i] ?? -1) !== -1) i = (i + 1) & mask;
    this.slots[i] = row;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (const row of old) if (row !== -1) this.place(this.devOf(row), this.inoOf(row), row);
  }
}
