import { describe, expect, it } from "vitest";
import { isQuantity, parseBytes, parseCpuMillis, parseQuantity, QuantityError } from "./quantity";

const Ki = 1024;
const Mi = 1024 ** 2;
const Gi = 1024 ** 3;
const Ti = 1024 ** 4;

describe("parseCpuMillis", () => {
  it.each([
    ["50m", 50],
    ["250m", 250],
    ["1000m", 1000],
    ["1", 1000],
    ["4", 4000],
    ["0.5", 500],
    [".5", 500],
    ["1.", 1000],
    ["1.5", 1500],
    ["0.1", 100],
    ["+2", 2000],
    ["0", 0],
    ["0m", 0],
    ["1k", 1_000_000],
    ["1e3", 1_000_000],
    ["1E3", 1_000_000],
    ["5e-1", 500],
    ["2e-3", 2],
    // MilliValue rounds up: 0.0001 cores is 1m, 1.5m is 2m.
    ["0.0001", 1],
    ["1.5m", 2],
    ["100u", NaN], // not a Kubernetes suffix: rejected below
  ])("%s → %d", (text, millis) => {
    if (Number.isNaN(millis)) expect(() => parseCpuMillis(text)).toThrow(QuantityError);
    else expect(parseCpuMillis(text)).toBe(millis);
  });

  it("accepts YAML numbers", () => {
    expect(parseCpuMillis(1)).toBe(1000);
    expect(parseCpuMillis(0.5)).toBe(500);
    expect(parseCpuMillis(0.25)).toBe(250);
    expect(parseCpuMillis(4)).toBe(4000);
  });

  it("keeps decimal sums exact (0.1 + 0.2 cores is 300m, not 300.00000000000006)", () => {
    expect(parseCpuMillis("0.1") + parseCpuMillis("0.2")).toBe(300);
  });

  it("rounds negative values toward +∞ like the API server", () => {
    expect(parseCpuMillis("-1.5m")).toBe(-1);
    expect(parseCpuMillis("-1")).toBe(-1000);
  });
});

describe("parseBytes", () => {
  it.each([
    ["128Mi", 128 * Mi],
    ["256Mi", 256 * Mi],
    ["512Mi", 512 * Mi],
    ["1Gi", Gi],
    ["2Gi", 2 * Gi],
    ["5Gi", 5 * Gi],
    ["2Ti", 2 * Ti],
    ["1Ki", Ki],
    ["1.5Gi", 1.5 * Gi],
    ["0.5Mi", 0.5 * Mi],
    ["1G", 1e9],
    ["1M", 1e6],
    ["1k", 1e3],
    ["1T", 1e12],
    ["1P", 1e15],
    ["1e3", 1000],
    ["1e6", 1e6],
    ["1E6", 1e6],
    ["1.5e3", 1500],
    ["128974848", 128974848],
    ["129e6", 129e6],
    ["123Mi", 123 * Mi],
    ["100m", 1], // 0.1 byte rounds up to 1
    ["0", 0],
  ])("%s → %d", (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it("tells the exa suffix E from an exponent", () => {
    expect(parseQuantity("1E")).toEqual({ num: 10n ** 18n, den: 1n });
    expect(parseQuantity("1E2")).toEqual({ num: 100n, den: 1n });
    expect(parseQuantity("1Ei")).toEqual({ num: 1024n ** 6n, den: 1n });
  });

  it("refuses values that do not fit a safe integer instead of losing precision", () => {
    expect(() => parseBytes("1Ei")).toThrow(/too large/);
    expect(() => parseBytes("16E")).toThrow(/too large/);
  });
});

describe("parseQuantity rejects what the API server rejects", () => {
  it.each([
    "",
    " ",
    "Mi",
    "1 Mi",
    " 1Mi",
    "1Mi ",
    "1mi",
    "1MB",
    "1KiB",
    "1kb",
    "1K", // decimal kilo is lower-case k only
    "1e",
    "1e+",
    "e3",
    "1.2.3",
    ".",
    "-",
    "+",
    "1Gi1",
    "0x10",
    "1,5",
    "½",
    "1e999",
    "--1",
    "1.5.Gi",
  ])("%j", (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
    expect(isQuantity(text)).toBe(false);
  });

  it("rejects non-finite numbers and non-quantities", () => {
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrow(QuantityError);
    expect(isQuantity(undefined)).toBe(false);
    expect(isQuantity(null)).toBe(false);
    expect(isQuantity({})).toBe(false);
    expect(isQuantity("50m")).toBe(true);
    expect(isQuantity(2)).toBe(true);
  });

  it("names the bad input in the message", () => {
    expect(() => parseQuantity("12 apples")).toThrow('"12 apples" is not a Kubernetes quantity');
  });
});

describe("parseQuantity exact fractions", () => {
  it.each([
    ["0.5", 1n, 2n],
    ["50m", 1n, 20n],
    ["1.25", 5n, 4n],
    ["-2", -2n, 1n],
    ["2e-3", 1n, 500n],
    ["1.5Ki", 1536n, 1n],
  ])("%s = %d/%d", (text, num, den) => {
    expect(parseQuantity(text)).toEqual({ num, den });
  });
});
