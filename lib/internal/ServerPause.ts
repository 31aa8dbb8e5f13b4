/** A pause the server asked for, as `Pool.stats()` reports it while it holds. */
export interface PauseStats {
  /** Scheduler time at which dispatching resumes. */
  readonly until: number;
  /** Time left, from the moment of the snapshot. */
  readonly remainingMs: number;
  /** The pause the server's answer asked for, in ms, before it was bounded by the row budget. */
  readonly requestedMs: number;
  /**
   * The server asked for longer than `maxCapacityRetrySeconds`: the pause was cut to it, and until
   * it ends every waiting row, dispatched or not, is given up with `retry_timeout`.
   */
  readonly refusing: boolean;
  /** The error that asked for it (a `CapacityError` with `retryAfterMs`, say). */
  readonly error: unknown;
}

/**
 * The pool-wide pauses servers ask for (Retry-After, a date, `retryAfterMs`), bounded by the
 * per-row budget so that a run always ends: a row's deadline lies at most one budget after its
 * first dispatch, so a longer pause can only hold up rows that will all be given up, and rows not
 * yet dispatched would wait for it without any deadline (a "Retry-After" of 40 days, or a quota
 * reset next month). Such a pause is cut to the budget, and while it lasts the server has said no
 * row can be served within its budget: waiting rows are given up instead of held (RowShedder).
 */
export class ServerPause {
  /** End of the latest pause (scheduler time); -Infinity before the first. */
  private until = -Infinity;
  private requestedMs = 0;
  private error: unknown = undefined;
  /** End of a pause cut to the budget: rows are given up until then, with `refusal` as error. */
  private refusingUntil = -Infinity;
  private refusal: unknown = undefined;

  constructor(private readonly budgetMs: number) {}

  /** Records a request to pause `pauseMs` from `now`; returns when the bounded pause ends. */
  request(now: number, pauseMs: number, error: unknown): number {
    const until = now + Math.min(pauseMs, this.budgetMs);
    if (pauseMs > this.budgetMs) {
      this.refusingUntil = until;
      this.refusal = error;
    }
    if (until > this.until) {
      this.until = until;
      this.requestedMs = pauseMs;
      this.error = error;
    }
    return until;
  }

  /** Whether a pause the server asked for beyond the budget still holds at `now`. */
  refuses(now: number): boolean {
    return now < this.refusingUntil;
  }

  /** The error that asked for the pause beyond the budget (see `refuses`). */
  get reason(): unknown {
    return this.refusal;
  }

  /** The pause in force at `now`, if any. */
  stats(now: number): PauseStats | undefined {
    if (!(now < this.until)) return undefined;
    const { until, requestedMs, error } = this;
    return { until, remainingMs: until - now, requestedMs, refusing: this.refuses(now), error };
  }
}
