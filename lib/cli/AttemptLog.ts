// What the calls of a run went through, as they happen: failed attempts by cause, the last error,
// and how long every attempt has failed without an answer in between. A row's record comes only
// once it is settled, which for an unreachable server is at its deadline an hour later: without
// this, the progress line would show 0 rows and no word of why.
import { PermanentError } from '../errors/PermanentError.js';
import { statusCodeOf } from '../errors/classifyError.js';

export class AttemptLog {
  /** Failed attempts by cause: "HTTP 429", "ECONNREFUSED", "timeout"…; retried ones included. */
  readonly failures: Record<string, number> = {};
  /** Every failed attempt. */
  failed = 0;
  /** The last failed attempt's message. */
  lastError: string | undefined = undefined;
  /** When the last answer came that settled a row (a success or a refusal for good), or the start. */
  private answeredAt: number;
  /** Attempts failed since that answer. */
  private failingSince = false;

  constructor(now: number) {
    this.answeredAt = now;
  }

  /** An attempt settled its row: the server is answering. */
  answered(now: number): void {
    this.answeredAt = now;
    this.failingSince = false;
  }

  /** An attempt failed (it will be retried, or its row fails for good). */
  attemptFailed(error: unknown, now: number): void {
    const cause = causeOf(error);
    this.failures[cause] = (this.failures[cause] ?? 0) + 1;
    this.failed++;
    this.lastError = error instanceof Error ? error.message : String(error);
    // A refusal for good (HTTP 400…) is still an answer: the run moves on.
    if (error instanceof PermanentError) this.answered(now);
    else this.failingSince = true;
  }

  /**
   * The server asked the pool to wait (Retry-After): it is answering, and the wait is bounded, so
   * the time spent waiting does not count as failing.
   */
  waiting(now: number): void {
    this.answeredAt = now;
  }

  /** How long attempts have only failed, with no answer since; 0 while answers come. */
  stalledMs(now: number): number {
    return this.failingSince ? now - this.answeredAt : 0;
  }
}

/** A short name for why an attempt failed: its HTTP status, else a system error code, else its type. */
export function causeOf(error: unknown): string {
  const status = statusCodeOf(error);
  if (status !== undefined) return `HTTP ${status}`;
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (at.name === 'TimeoutError') return 'timeout';
  }
  return error instanceof Error ? error.name : typeof error;
}
