/**
 * Compact storage for the hardlink audit, so its memory stays bounded at a million files: growable
 * typed arrays instead of one object per file, an open-addressing inode table, and paths kept as
 * UTF-8 bytes in one arena with their directory stored once.
 */

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/**
 * A typed array that grows by whole pages of 65 536 elements: no doubling, so growing never holds
 * the old and the new copy at once (the peak stays at the size really used, plus one page).
 */
class Paged<A extends Float64Array | Uint32Array> {
  private readonly pages: A[] = [];
  length = 0;
  constructor(private readonly make: (n: number) => A) {}
  push(v: number): number {
    const i = this.length;
    const p = i >>> PAGE_BITS;
    if (p === this.pages.length) this.pages.push(this.make(PAGE));
    (this.pages[p] as A)[i & PAGE_MASK] = v;
    this.length = i + 1;
    return i;
  }
  get(i: number): number {
    return this.pages[i >>> PAGE_BITS]?.[i & PAGE_MASK] ?? 0;
  }
  set(i: number, v: number): void {
    const page = this.pages[i >>> PAGE_BITS];
    if (page) page[i & PAGE_MASK] = v;
  }
}

/** Paged Float64Array (sizes, inodes: exact up to 2^53). */
export class GrowableF64 extends Paged<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

/** Paged Uint32Array (indexes, counts, flags). */
export class GrowableU32 extends Paged<Uint32Array> {
  constructor() {
    super((n) => new Uint32Array(n));
  }
}

const BLOCK = 1 << 20;

/** Where the audit keeps the paths it may have to name at the end (ids are 0, 1, 2, …). */
export interface PathStore {
  add(path: string): number;
  get(id: number): string;
  dispose?(): void;
}

/**
 * Paths as directory index + UTF-8 basename bytes, in 1 MiB blocks (no doubling copies). A
 * basename never spans blocks; an unusually long one (up to the parser's 64 KiB line limit) just
 * starts the next block.
 */
export class PathArena implements PathStore {
  private readonly dirs: string[] = [];
  private readonly dirIndex = new Map<string, number>();
  private readonly dirOf = new GrowableU32();
  private readonly block = new GrowableU32();
  private readonly offset = new GrowableU32();
  private readonly len = new GrowableU32();
  private readonly blocks: Buffer[] = [];
  /** Bytes used in the last block. */
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
    let last = this.blocks[this.blocks.length - 1];
    if (!last || this.used + need > last.length) {
      last = Buffer.allocUnsafe(Math.max(BLOCK, need));
      this.blocks.push(last);
      this.used = 0;
    }
    last.write(base, this.used);
    this.block.push(this.blocks.length - 1);
    this.offset.push(this.used);
    this.len.push(need);
    this.used += need;
    return this.dirOf.push(d);
  }

  get(id: number): string {
    const offset = this.offset.get(id);
    const block = this.blocks[this.block.get(id)];
    return (
      (this.dirs[this.dirOf.get(id)] ?? "") +
      (block?.toString("utf8", offset, offset + this.len.get(id)) ?? "")
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
