import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatBytes,
  formatCpu,
  formatDuration,
  formatPercent,
  formatQuantity,
} from "./format";

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;

describe("formatQuantity", () => {
  it.each([
    [1408 * Mi, "1.4Gi"], // the seed's memory request total
    [4864 * Mi, "4.75Gi"], // the seed's memory limit total
    [13 * Gi, "13Gi"],
    [2 * Gi, "2Gi"],
    [256 * Mi, "256Mi"],
    [128 * Mi, "128Mi"],
    [1536 * Mi, "1.5Gi"],
    [1.25 * Gi, "1.25Gi"],
    [2 * 1024 ** 4, "2Ti"],
    [1024, "1Ki"],
    [1000, "1000"],
    [1, "1"],
    [0, "0"],
    [1e9, "953.7Mi"], // 1G is not a whole number of Mi
    [1024 * Mi - 1, "1Gi"], // rounds into the next unit instead of printing "1024Mi"
    [-512 * Mi, "-512Mi"],
  ])("%d → %s", (bytes, text) => {
    expect(formatQuantity(bytes)).toBe(text);
  });

  it("refuses non-finite input", () => {
    expect(() => formatQuantity(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatCpu", () => {
  it.each([
    [1000, "1000m"],
    [6750, "6750m"],
    [50, "50m"],
    [0, "0m"],
  ])("%d → %s", (millis, text) => {
    expect(formatCpu(millis)).toBe(text);
  });
});

describe("formatPercent", () => {
  it.each([
    [0.0625, "6.3%"],
    [0.5, "50%"],
    [1, "100%"],
    [0, "0%"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("%d → %s", (share, text) => {
    expect(formatPercent(share)).toBe(text);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [100, "100 B"],
    [1536, "1.5 KiB"],
    [5 * 1024 ** 2, "5.0 MiB"],
    [3 * 1024 ** 3, "3.0 GiB"],
  ])("%d → %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("formatDuration", () => {
  it.each([
    [850, "850 ms"],
    [4350, "4.3 s"],
    [125_000, "2 min 5 s"],
    [-1, "—"],
  ])("%d → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

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
