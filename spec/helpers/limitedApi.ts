import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';
import type { PoolEntry } from '../../lib/PoolEntry.js';
import { defer, map, mergeMap, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import { draft7 } from '../../lib/sim/headers/ietfHeaders.js';
import { FixedWindow } from '../../lib/sim/limiters/FixedWindow.js';
import type { Limiter } from '../../lib/sim/limiters/Limiter.js';
import { MultiLimit } from '../../lib/sim/limiters/MultiLimit.js';
import { SlidingWindowCounter } from '../../lib/sim/limiters/SlidingWindowCounter.js';
import { SlidingWindowLog } from '../../lib/sim/limiters/SlidingWindowLog.js';
import { TokenBucket } from '../../lib/sim/limiters/TokenBucket.js';

/** The limiter families real APIs use, each sustaining `c` requests a second. */
export const FAMILIES: Record<string, (c: number) => Limiter> = {
  'token bucket': (c) => new TokenBucket({ capacityPerSecond: c, burst: Math.max(1, c / 10) }),
  'fixed window 1 s': (c) => new FixedWindow({ limit: c, windowMs: 1000, startMs: 0 }),
  'fixed window 10 s': (c) => new FixedWindow({ limit: c * 10, windowMs: 10_000, startMs: 0 }),
  'sliding log, refusals counted': (c) =>
    new SlidingWindowLog({ limit: c, windowMs: 1000, countRefused: true, startMs: 0 }),
  'sliding counter': (c) => new SlidingWindowCounter({ limit: c, windowMs: 1000, startMs: 0 }),
  'two limits (2c per s, 60c per min)': (c) =>
    new MultiLimit({
      limiters: [
        new FixedWindow({ limit: 2 * c, windowMs: 1000, startMs: 0 }),
        new FixedWindow({ limit: 60 * c, windowMs: 60_000, startMs: 0 }),
      ],
    }),
};

export interface LimitedApiOptions {
  /** Send the IETF draft-7 headers on every answer, and `Retry-After` (whole seconds) on 429s. */
  headers: boolean;
  seed: number;
}

/**
 * An API behind a real limiter model, in virtual time: log-normal service time (median 50 ms,
 * p99 200 ms) for admitted calls, a 429 after 2 ms otherwise, counted as a server's log would.
 */
export function limitedApi(scheduler: SchedulerLike, limiter: Limiter, options: LimitedApiOptions) {
  let seed = options.seed >>> 0;
  const uniform = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed + 0.5) / 2 ** 32;
  };
  const sigma = Math.log(200 / 50) / 2.326;
  const serviceMs = (): number =>
    50 * Math.exp(sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  const log = { admitted: 0, refused: 0, firstAt: NaN, lastAt: 0 };
  const call = <T>(row: T): Observable<{ row: T; headers: Record<string, string> }> =>
    defer(() => {
      const now = scheduler.now();
      if (log.firstAt !== log.firstAt) log.firstAt = now;
      const admitted = limiter.tryTake(now);
      const headers = options.headers ? draft7(limiter.state(now)) : {};
      if (!admitted) {
        log.refused++;
        const seconds = Math.max(1, Math.ceil(limiter.msUntilAvailable(now) / 1000 - 1e-9));
        const refusal = {
          status: 429,
          headers: options.headers ? { ...headers, 'Retry-After': String(seconds) } : {},
        };
        return timer(2, scheduler).pipe(mergeMap(() => throwError(() => refusal)));
      }
      log.admitted++;
      log.lastAt = now;
      return timer(serviceMs(), scheduler).pipe(map(() => ({ row, headers })));
    });
  return { call, log };
}

/** Every pool's output: one ok entry per row, in input order, each the row's own answer. */
export function expectEveryRowOkInOrder(outputs: PoolEntry<{ row: number }>[][], rows: number): void {
  for (const entries of outputs) {
    expect(entries).to.have.length(rows);
    expect(
      entries.every((e, i) => e.submitIndex === i && isRight(e.result) && e.result.right.row === i),
    ).to.equal(true);
  }
}

/** Goodput (admissions per second of the run, first request to last admission, over the limit) and the refused share. */
export function figuresOf(
  log: { admitted: number; refused: number; firstAt: number; lastAt: number },
  c: number,
) {
  return {
    goodput: log.admitted / ((log.lastAt - log.firstAt) / 1000) / c,
    refused: log.refused / (log.admitted + log.refused),
  };
}
