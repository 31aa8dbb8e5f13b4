/**
 * How a pool stands with its shared gate: `'joining'` until the store first answers, `'shared'`
 * while it paces the pool, `'local'` while the store is out of reach (the pool goes on alone at
 * its share of the last shared pace), `'paused'` likewise with `whenUnavailable: 'pause'`.
 */
export type SharedMode = 'joining' | 'shared' | 'local' | 'paused';

export interface SharedGateStats {
  readonly gate: string;
  readonly worker: string;
  readonly mode: SharedMode;
  /** Workers whose lease is alive, this one included, as the store last said. */
  readonly workers: number;
  /** The fleet's congestion epoch and AIMD delay, as the store last said. */
  readonly epoch: number;
  readonly delayMs: number;
  /** The spacing the gate hands slots out at, over the whole fleet. */
  readonly spacingMs: number;
}

/** A change in a pool's standing with its shared gate; each is emitted once, when it happens. */
export interface SharedGateEvent extends SharedGateStats {
  /**
   * `'joined'`: first answer; `'unavailable'`: the store failed or was too slow (see `error`);
   * `'rejoined'`: it answers again; `'reset'`: the store had lost the gate's state (a restart)
   * and made it anew; `'mismatch'`: the gate runs other delay settings (see `error`).
   */
  readonly type: 'joined' | 'unavailable' | 'rejoined' | 'reset' | 'mismatch';
  /** Scheduler time. */
  readonly at: number;
  readonly error?: unknown;
}
