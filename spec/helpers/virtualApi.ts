import { defer, map, mergeMap, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import { CapacityError } from '../../lib/errors/CapacityError.js';

export interface VirtualApiOptions {
  /** Requests per second the API admits (token bucket refill rate). */
  capacityPerSecond: number;
  /** Bucket size; the API admits this many at once after a pause. */
  burst: number;
  /** Median and 99th percentile of the service time of an admitted request. */
  medianMs: number;
  p99Ms: number;
  /** How fast a 429 comes back. */
  rejectMs: number;
  seed: number;
  /** From `atMs` on, the bucket refills at `capacityPerSecond` (and holds a tenth of it). */
  change?: { atMs: number; capacityPerSecond: number };
}

/**
 * A rate-limited API in virtual time: a token bucket in front of a log-normal service time, with
 * a seeded generator so a scenario is the same on every run. It counts what it admitted and
 * rejected, like a server's access log would.
 */
export function virtualApi(scheduler: SchedulerLike, options: VirtualApiOptions) {
  const { medianMs, p99Ms, rejectMs, change } = options;
  const limitAt = (now: number) =>
    change !== undefined && now >= change.atMs
      ? { rate: change.capacityPerSecond, burst: Math.max(1, change.capacityPerSecond / 10) }
      : { rate: options.capacityPerSecond, burst: options.burst };
  let seed = options.seed >>> 0;
  const uniform = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed + 0.5) / 2 ** 32;
  };
  const sigma = Math.log(p99Ms / medianMs) / 2.326;
  const serviceMs = (): number => {
    const gaussian = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return medianMs * Math.exp(sigma * gaussian);
  };
  let tokens = options.burst;
  let refilledAt = 0;
  const log = { admitted: 0, rejected: 0, lastAdmittedAt: 0, admittedAfterChange: 0 };
  const call = <T>(row: T): Observable<T> =>
    defer(() => {
      const now = scheduler.now();
      const { rate, burst } = limitAt(now);
      tokens = Math.min(burst, tokens + ((now - refilledAt) * rate) / 1000);
      refilledAt = now;
      if (tokens < 1) {
        log.rejected++;
        return timer(rejectMs, scheduler).pipe(mergeMap(() => throwError(() => new CapacityError(429))));
      }
      tokens -= 1;
      log.admitted++;
      log.lastAdmittedAt = now;
      if (change !== undefined && now >= change.atMs) log.admittedAfterChange++;
      return timer(serviceMs(), scheduler).pipe(map(() => row));
    });
  return { call, log };
}
