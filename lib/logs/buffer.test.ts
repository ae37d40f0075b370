import { describe, expect, it } from "vitest";
import { appendRing, DropQueue, emptyRing, isDropped } from "./buffer";

const q = (maxItems: number, maxWeight = Infinity) =>
  new DropQueue<{ text: string }>(maxItems, maxWeight, (l) => l.text.length);
const line = (text: string) => ({ text });

describe("DropQueue", () => {
  it("hands out lines in order and empties", () => {
    const b = q(10);
    ["a", "b", "c"].forEach((t) => b.offer(line(t)));
    expect(b.size).toBe(3);
    expect(b.take(2)).toEqual([line("a"), line("b")]);
    expect(b.take(5)).toEqual([line("c")]);
    expect(b.empty).toBe(true);
  });

  it("merges successive drops into one marker and never holds more than the bound", () => {
    const b = q(2);
    for (let i = 0; i < 1000; i++) {
      b.offer(line(String(i)));
      expect(b.size).toBeLessThanOrEqual(2);
    }
    expect(b.take(10)).toEqual([line("0"), line("1"), { dropped: 998 }]);
    expect(b.droppedTotal).toBe(998);
  });

  it("keeps a marker between lines taken earlier and later", () => {
    const b = q(2);
    b.offer(line("a"));
    expect(b.take(1)).toEqual([line("a")]);
    ["b", "c", "d"].forEach((t) => b.offer(line(t)));
    b.take(1);
    b.offer(line("e"));
    expect(b.take(1)).toEqual([line("c"), { dropped: 1 }]);
    expect(b.take(1)).toEqual([line("e")]);
  });

  it("noteDropped adds a marker after what is queued, merging with a trailing one", () => {
    const b = q(10);
    b.offer(line("a"));
    b.noteDropped(3);
    b.noteDropped(2);
    b.offer(line("b"));
    expect(b.take(10)).toEqual([line("a"), { dropped: 5 }, line("b")]);
    expect(b.droppedTotal).toBe(5);
  });

  it("offer keeps what is queued and counts newer items past a bound as one trailing gap", () => {
    const b = q(2, 10);
    expect(b.offer(line("a"))).toBe(true);
    expect(b.offer(line("b"))).toBe(true);
    expect(b.offer(line("c"))).toBe(false);
    expect(b.offer(line("d"))).toBe(false);
    expect(b.size).toBe(2);
    expect(b.take(1)).toEqual([line("a")]);
    expect(b.offer(line("eeeeeeeeee"))).toBe(false); // over the weight bound
    expect(b.offer(line("f"))).toBe(true);
    expect(b.take(10)).toEqual([line("b"), { dropped: 3 }, line("f")]);
    expect(b.droppedTotal).toBe(3);
    expect(b.offer(line("a very long line"))).toBe(true); // alone it may exceed the weight
  });

  it("offer takes a larger count bound for one item (a requested tail)", () => {
    const b = q(1);
    expect(b.offer(line("a"), 3)).toBe(true);
    expect(b.offer(line("b"), 3)).toBe(true);
    expect(b.offer(line("c"))).toBe(false);
    expect(b.take(10)).toEqual([line("a"), line("b"), { dropped: 1 }]);
  });

  it("tells markers from lines", () => {
    expect(isDropped({ dropped: 1 })).toBe(true);
    expect(isDropped({ dropped: 1, text: "x" })).toBe(false);
    expect(isDropped(null)).toBe(false);
  });
});

describe("ring", () => {
  it("keeps the newest items and counts the evicted", () => {
    let r = emptyRing<number>();
    r = appendRing(r, [1, 2, 3], 4);
    expect(r).toEqual({ items: [1, 2, 3], evicted: 0 });
    r = appendRing(r, [4, 5], 4);
    expect(r).toEqual({ items: [2, 3, 4, 5], evicted: 1 });
    r = appendRing(r, [6, 7, 8, 9, 10, 11], 4);
    expect(r).toEqual({ items: [8, 9, 10, 11], evicted: 7 });
    expect(appendRing(r, [], 4)).toBe(r);
  });
});
