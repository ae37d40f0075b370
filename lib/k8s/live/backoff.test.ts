import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  it("doubles per attempt within half-to-full jitter", () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(250);
    expect(backoffDelay(0, { random: () => 1 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0 })).toBe(2000);
    expect(backoffDelay(3, { random: () => 1 })).toBe(4000);
  });

  it("caps at maxMs", () => {
    expect(backoffDelay(30, { random: () => 1 })).toBe(30_000);
    expect(backoffDelay(30, { random: () => 0 })).toBe(15_000);
  });

  it("treats negative attempts as the first", () => {
    expect(backoffDelay(-2, { random: () => 1 })).toBe(500);
  });
});
