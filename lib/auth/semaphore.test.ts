import { describe, expect, it } from "vitest";
import { BoundedSemaphore } from "./semaphore";

describe("BoundedSemaphore", () => {
  it("admits up to the limit, queues up to maxQueue, refuses beyond", async () => {
    const s = new BoundedSemaphore(2, 1);
    const r1 = await s.tryAcquire();
    const r2 = await s.tryAcquire();
    expect(s.inUse).toBe(2);
    const waiting = s.tryAcquire();
    expect(s.queued).toBe(1);
    expect(await s.tryAcquire()).toBeNull();
    r1!();
    const r3 = await waiting;
    expect(r3).toBeTypeOf("function");
    expect(s.inUse).toBe(2);
    r2!();
    r3!();
    r3!(); // releasing twice is harmless
    expect(s.inUse).toBe(0);
  });
});
