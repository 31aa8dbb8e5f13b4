/** What a shared gate's client (SharedPace) needs from the pool it serves (the dispatcher). */
export interface SharedHost {
  /** Slots worth asking for now (free permits with a row ready). */
  wanted(): number;
  /** The gate may be open again, or work may go on: look. */
  wake(): void;
  /** The pool has work: keep the lease alive. */
  busy(): boolean;
  /** What the pool knows locally that the fleet should: a pause, the headers' pace. */
  hints(now: number): { pauseMs: number; paceMs: number; paceFreshMs: number };
  /** The delay a lost shared state should start from. */
  seedDelayMs(): number;
  /** The shared delay changed: mirror it (stats, delay$). */
  adopt(delayMs: number): void;
  /** The store is out of reach: go on alone at `spacingMs`. */
  degrade(spacingMs: number): void;
}
