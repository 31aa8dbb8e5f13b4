import type { Subscription } from 'rxjs';
import type { ThrottleStats } from '../throttle/AimdThrottle.js';
import type { BatchPool } from './BatchPool.js';
import type { BatchStats } from './BatchResult.js';

/**
 * Measures one batch while it runs, without touching the pool's own counters.
 *
 * A pool (and its throttle) may be shared with other pipelines, so resetting its stats at each
 * batch start, as elspeth did, would corrupt theirs. Instead the counters are deltas from a
 * snapshot taken when the batch starts, the peak delay is watched on `throttle.delay$` during
 * the batch, and the concurrency peak counts this batch's own calls (the lane's `callStarted`).
 * Calls of other pipelines running at the same time do show up in the throttle deltas.
 */
export class BatchProbe {
  /** Batches dropped while this one ran; bumped by the `ignore` overlap mode. */
  ignoredBatches = 0;
  private readonly start: ThrottleStats;
  private peakDelayMs: number;
  private maxConcurrentReached = 0;
  private readonly peakWatch: Subscription;

  constructor(private readonly pool: BatchPool) {
    this.start = pool.throttle.stats();
    // delay$ replays the current delay, so the peak starts at the delay the batch inherited.
    this.peakDelayMs = pool.throttle.currentDelayMs;
    this.peakWatch = pool.throttle.delay$.subscribe((delay) => {
      if (delay > this.peakDelayMs) this.peakDelayMs = delay;
    });
  }

  /** The lane hook: `running` is the number of this batch's calls in flight. */
  readonly callStarted = (running: number): void => {
    if (running > this.maxConcurrentReached) this.maxConcurrentReached = running;
  };

  /** Stops watching the delay; the probe keeps answering `stats`. */
  end(): void {
    this.peakWatch.unsubscribe();
  }

  stats(dispatchDelayAtCompletionMs: number): BatchStats {
    const { config, throttle } = this.pool;
    const now = throttle.stats();
    // Clamped: someone may call `throttle.resetStats()` during the batch.
    const since = (key: 'capacityRetries' | 'successes' | 'totalThrottleTimeMs'): number =>
      Math.max(0, now[key] - this.start[key]);
    return {
      poolConfig: {
        poolSize: config.poolSize,
        maxCapacityRetrySeconds: config.maxCapacityRetrySeconds,
        dispatchDelayAtCompletionMs,
      },
      poolStats: {
        capacityRetries: since('capacityRetries'),
        successes: since('successes'),
        peakDelayMs: this.peakDelayMs,
        currentDelayMs: now.currentDelayMs,
        totalThrottleTimeMs: since('totalThrottleTimeMs'),
        maxConcurrentReached: this.maxConcurrentReached,
        ignoredBatches: this.ignoredBatches,
      },
    };
  }
}
