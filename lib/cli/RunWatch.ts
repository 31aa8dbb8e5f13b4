// Watches a pipeline run as it goes: every attempt of every call (through the project it wraps),
// and on each tick the progress to report and whether to give up.
import type { Pool } from '../Pool.js';
import type { CallContext } from '../PoolEntry.js';
import { AttemptLog } from './AttemptLog.js';
import { formatDuration } from './formatDuration.js';
import type { PipelineProgress } from './runPipeline.js';
import type { Tally } from './Tally.js';

export class RunWatch {
  readonly attempts = new AttemptLog(performance.now());
  /** Why the run gave up on its own, once it has. */
  gaveUp: string | undefined = undefined;
  /** The most workers the shared gate counted at a tick: others may end before this run does. */
  peakWorkers = 0;

  /**
   * @param giveUpAfterMs how long every attempt may fail with no answer before the run stops
   * @param stop aborted to stop the run when it gives up
   */
  constructor(
    private readonly pool: Pool,
    private readonly tally: Tally,
    private readonly giveUpAfterMs: number,
    private readonly stop: AbortController,
  ) {}

  /** `project`, logging how each attempt ends (an attempt the pool aborted is no failure). */
  watch<T, R>(project: (row: T, ctx: CallContext) => Promise<R>): (row: T, ctx: CallContext) => Promise<R> {
    const { attempts } = this;
    return (row, ctx) =>
      project(row, ctx).then(
        (result) => {
          attempts.answered(performance.now());
          return result;
        },
        (error: unknown) => {
          if (!ctx.signal.aborted) attempts.attemptFailed(error, performance.now());
          throw error;
        },
      );
  }

  /** Looks at the run now: gives up if it is due (and it still runs), returns the progress to report. */
  tick(running: boolean): PipelineProgress {
    const now = performance.now();
    const stats = this.pool.stats();
    // The server asked the pool to wait: it answers, and the wait is bounded (see ServerPause).
    if (stats.pause !== undefined) this.attempts.waiting(now);
    const stalledMs = this.attempts.stalledMs(now);
    if (stats.shared?.mode === 'shared') this.peakWorkers = Math.max(this.peakWorkers, stats.shared.workers);
    if (running && this.gaveUp === undefined && stalledMs >= this.giveUpAfterMs) {
      this.gaveUp = `no request has been answered for ${formatDuration(stalledMs)} while every attempt failed`;
      this.stop.abort();
    }
    return {
      done: this.tally.rows,
      failed: this.tally.failed,
      inFlight: stats.inFlight,
      delayMs: stats.currentDelayMs,
      limitPerSecond: stats.limitPerSecond,
      limitSource: stats.limitSource,
      rejections: stats.capacityRetries,
      failedAttempts: { ...this.attempts.failures },
      lastError: this.attempts.lastError,
      stalledMs,
      pause: stats.pause,
      shared: stats.shared,
    };
  }
}
