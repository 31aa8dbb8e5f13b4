import type { Observable } from 'rxjs';
import type { SharedGateEvent, SharedGateStats } from './SharedGateStats.js';

/** A pool's handle on its shared gate (`pool.sharedGate`). */
export interface SharedGate {
  /**
   * Joins the gate at once, rather than with the first row: resolves with the gate's stats, or
   * rejects when the gate runs other delay settings (`SharedGateConfigError`) or the store does
   * not answer. A run can start without it: the pool then joins as it goes.
   */
  connect(): Promise<SharedGateStats>;
  stats(): SharedGateStats;
  /** Changes in the pool's standing (joined, unavailable, rejoined, reset, mismatch), as they happen. */
  readonly events$: Observable<SharedGateEvent>;
}
