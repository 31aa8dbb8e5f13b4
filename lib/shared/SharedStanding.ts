import type { SharedMode } from './SharedGateStats.js';

/**
 * How the pool stands with its shared gate (`mode`), and since when and why the store has been out
 * of reach. Out of reach, the pool goes on alone (`'local'`) or, with `whenUnavailable: 'pause'`,
 * holds every dispatch (`'paused'`) until the store answers again; a pause that has outlasted a
 * row's budget refuses the rows not yet sent.
 */
export class SharedStanding {
  mode: SharedMode = 'joining';
  /** Since when, and why, the store has been out of reach (while mode is local or paused). */
  private outageSince = NaN;
  private outage: unknown = undefined;

  constructor(private readonly whenUnavailable: 'local' | 'pause') {}

  /** The store paces the pool (joining or joined); otherwise the local gate does. */
  get active(): boolean {
    return this.mode === 'joining' || this.mode === 'shared';
  }

  /** The store answered: it paces the pool (again). */
  heard(): void {
    this.mode = 'shared';
  }

  /**
   * The store failed to answer at `now` with `error`, or answered that the gate runs other
   * settings (`mismatch`: never paused for, as the store will not be asked again). Returns the
   * mode the pool falls back to; undefined when it already did.
   */
  lost(now: number, error: unknown, mismatch: boolean): 'local' | 'paused' | undefined {
    if (!this.active) return undefined;
    this.outageSince = now;
    this.outage = error;
    this.mode = this.whenUnavailable === 'pause' && !mismatch ? 'paused' : 'local';
    return this.mode;
  }

  /**
   * Paused for longer than a row may wait (`budgetMs`): no row could be served in time, so rows
   * not yet sent are given up rather than held without a deadline (`reason` says why).
   */
  refuses(now: number, budgetMs: number): boolean {
    return this.mode === 'paused' && now - this.outageSince >= budgetMs;
  }

  /** The failure that made the store unavailable. */
  get reason(): unknown {
    return this.outage;
  }
}
