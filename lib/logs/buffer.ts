/**
 * Bounded buffers for log lines, so a fast log never grows memory: the server's per-client queue
 * (past a bound, count the newest instead of keeping them and report the count in order) and the
 * page's ring of shown lines.
 */

/** Something in a "dropped N lines" marker position. */
export interface Dropped {
  dropped: number;
}

/**
 * A FIFO bounded by item count and total weight (e.g. characters). Offering past a bound counts
 * the offered item instead of keeping it; `take` hands out items with a `Dropped` marker where
 * lines went missing, so the reader sees exactly where the gap was and how big.
 */
export class DropQueue<T> {
  private items: (T | Dropped)[] = [];
  private head = 0;
  private weight = 0;
  private lines = 0;
  /** All lines ever dropped. */
  droppedTotal = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxWeight: number,
    private readonly weigh: (item: T) => number,
  ) {}

  /** Lines queued (markers not counted). */
  get size(): number {
    return this.lines;
  }

  /** True when there is nothing to hand out (no lines, no markers). */
  get empty(): boolean {
    return this.head >= this.items.length;
  }

  /**
   * Queues `item` if both bounds leave room for it; otherwise counts it as dropped after what is
   * queued (the newest go, what is queued stays) and returns false. A full queue then costs
   * nothing per item: nothing queued is replaced, so nothing is turned over.
   * `maxItems` overrides the count bound for this item (e.g. a larger one for a requested tail).
   */
  offer(item: T, maxItems = this.maxItems): boolean {
    const weight = this.weigh(item);
    if (this.lines >= maxItems || (this.lines > 0 && this.weight + weight > this.maxWeight)) {
      this.noteDropped(1);
      return false;
    }
    this.items.push(item);
    this.lines++;
    this.weight += weight;
    return true;
  }

  /** Counts lines lost before they reached the queue; the marker goes after what is queued. */
  noteDropped(n: number): void {
    if (n <= 0) return;
    this.droppedTotal += n;
    const last = this.items[this.items.length - 1];
    if (this.items.length > this.head && isDropped(last)) last.dropped += n;
    else this.items.push({ dropped: n });
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes up to `max` lines (markers ride along free), oldest first. */
  take(max: number): (T | Dropped)[] {
    const out: (T | Dropped)[] = [];
    let taken = 0;
    while (this.head < this.items.length) {
      const first = this.items[this.head]!;
      if (!isDropped(first)) {
        if (taken >= max) break;
        taken++;
        this.lines--;
        this.weight -= this.weigh(first);
      }
      this.head++;
      out.push(first);
    }
    if (this.head >= this.items.length) {
      this.items = [];
      this.head = 0;
    } else this.compact();
    return out;
  }
}

export function isDropped(x: unknown): x is Dropped {
  return typeof x === "object" && x !== null && "dropped" in x && !("text" in x);
}

/**
 * The page's window on a log: keeps the newest `capacity` entries; `dropped` counts what fell off
 * the top. Immutable updates (returns a new ring) so React sees the change.
 */
export interface Ring<T> {
  items: readonly T[];
  evicted: number;
}

export function emptyRing<T>(): Ring<T> {
  return { items: [], evicted: 0 };
}

/** Appends `more`, keeping the newest `capacity` items. */
export function appendRing<T>(ring: Ring<T>, more: readonly T[], capacity: number): Ring<T> {
  if (more.length === 0) return ring;
  const all = ring.items.length + more.length;
  if (all <= capacity) return { items: [...ring.items, ...more], evicted: ring.evicted };
  const drop = all - capacity;
  const items =
    drop >= ring.items.length
      ? more.slice(more.length - capacity)
      : [...ring.items.slice(drop), ...more];
  return { items, evicted: ring.evicted + drop };
}
