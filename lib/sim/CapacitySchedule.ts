// Applies scheduled capacity changes to the token bucket. Lazily, at the time of each request or
// stats() call, rather than with timers: the changes then follow the injected clock, so a test
// with a fake clock sees a change exactly when it advances past `atMs`, and no timer leaks.
import type { CapacityPoint } from './SimulatedApiOptions.js';
import type { TokenBucket } from './limiters/TokenBucket.js';

export class CapacitySchedule {
  /** Index of the first change not yet applied (point 0 is the initial capacity). */
  #next = 1;

  constructor(
    private readonly bucket: TokenBucket,
    /** Clock reading at which the server started: the origin of every `atMs`. */
    private readonly startTime: number,
    readonly timeline: readonly CapacityPoint[],
  ) {}

  /** Applies every change due by `now`, each at its own time so the bucket is credited exactly. */
  catchUp(now: number): void {
    for (let point = this.timeline[this.#next]; point; point = this.timeline[++this.#next]) {
      const at = this.startTime + point.atMs;
      if (at > now) return;
      this.bucket.setRate(point.capacityPerSecond, point.burst, at);
    }
  }
}
