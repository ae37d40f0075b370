import { describe, expect, it } from "vitest";
import { SseParser } from "./sse-parse";

describe("SseParser", () => {
  it("parses events split across chunks and skips comments", () => {
    const p = new SseParser();
    expect(p.push(": heartbeat\n\nevent: lines\nda")).toEqual([]);
    expect(p.push('ta: {"a":1}\n\nevent: end\r\ndata: x\r\n\r\n')).toEqual([
      { event: "lines", data: '{"a":1}' },
      { event: "end", data: "x" },
    ]);
  });

  it("joins multi-line data and defaults the event name", () => {
    const p = new SseParser();
    expect(p.push("data: one\ndata: two\n\nretry: 100\n\n")).toEqual([
      { event: "message", data: "one\ntwo" },
    ]);
  });
});
