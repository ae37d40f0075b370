import { describe, expect, it } from "vitest";
import { formatAge } from "./relative-time";

describe("formatAge", () => {
  const t0 = Date.parse("2026-11-25T10:00:00.000Z");
  it("uses seconds, minutes, hours, then days", () => {
    expect(formatAge("2026-11-25T10:00:00.000Z", t0 + 4_400)).toBe("4 s");
    expect(formatAge("2026-11-25T10:00:00.000Z", t0 + 125_000)).toBe("2 min");
    expect(formatAge("2026-11-25T10:00:00.000Z", t0 + 3 * 3600_000)).toBe("3 h");
    expect(formatAge("2026-11-25T10:00:00.000Z", t0 + 72 * 3600_000)).toBe("3 d");
  });
  it("never goes negative when clocks disagree", () => {
    expect(formatAge("2026-11-25T10:00:05.000Z", t0)).toBe("0 s");
  });
});
