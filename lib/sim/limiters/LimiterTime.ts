// How a limiter reads time: from the `now` a caller passes (virtual time) or from its injected
// clock, never backwards, with the origin that windows are aligned to.
import { Problems, show } from '../Problems.js';

export class LimiterTime {
  #latest = -Infinity;
  /** Origin of the window grid: startMs, else the clock at construction, else the first `now` seen. */
  #origin: number | undefined;

  constructor(
    private readonly owner: string,
    private readonly clock: (() => number) | undefined,
    startMs: number | undefined,
  ) {
    this.#origin = startMs ?? clock?.();
  }

  get origin(): number {
    return this.#origin ?? this.#latest;
  }

  /**
   * The time to decide at: `now`, or the clock's reading when it is absent. A clock that steps
   * back (or a caller passing an earlier `now`) is held at the latest time seen, so a limiter
   * never gives back quota it has already counted as spent.
   */
  at(now: number | undefined): number {
    const t = now ?? this.clock?.();
    if (t === undefined || !Number.isFinite(t)) {
      const what = t === undefined ? 'no `now` and no clock' : `now ${show(t)}`;
      throw new TypeError(`${this.owner}: time must be finite milliseconds (received ${what})`);
    }
    this.#origin ??= t;
    if (t > this.#latest) this.#latest = t;
    return this.#latest;
  }
}

/** Checks the options every limiter shares: an optional clock and an optional startMs. */
export function checkTimeOptions(p: Problems, clock: unknown, startMs: unknown): void {
  if (clock !== undefined && typeof clock !== 'function') {
    p.add(true, `clock must be a function returning milliseconds (received ${show(clock)})`);
  }
  if (startMs !== undefined && !(typeof startMs === 'number' && Number.isFinite(startMs))) {
    p.add(typeof startMs !== 'number', `startMs must be a finite number (received ${show(startMs)})`);
  }
}
