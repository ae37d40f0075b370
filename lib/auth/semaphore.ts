/**
 * A counting semaphore with a bounded queue: caps concurrent password-hash checks so a burst of
 * logins cannot pin every core or exhaust memory (each scrypt check holds 16 MiB). When the queue
 * is full, `tryAcquire` refuses at once instead of queueing without bound.
 */
export class BoundedSemaphore {
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxQueue: number,
  ) {}

  /** Resolves to a release function, or null when both the slots and the queue are full. */
  async tryAcquire(): Promise<(() => void) | null> {
    if (this.active < this.limit) {
      this.active += 1;
      return this.releaser();
    }
    if (this.waiters.length >= this.maxQueue) return null;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter; `active` stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }
}
