// The options every windowed limiter shares, checked the same way for each family.
import { Problems, integerFrom, positive } from '../Problems.js';
import { checkTimeOptions } from './LimiterTime.js';

export interface WindowOptions {
  /** Requests admitted per window (a whole number >= 1). */
  limit: number;
  /** The window's length in ms (> 0). */
  windowMs: number;
  /** Milliseconds, monotonic. Without one, pass `now` to every call. */
  clock?: () => number;
  /** Where the window grid starts (default: the clock's reading at construction, or the first `now`). */
  startMs?: number;
}

/** Throws one TypeError or RangeError naming every bad option of `owner`'s constructor. */
export function checkWindowOptions(owner: string, o: WindowOptions, more?: (p: Problems) => void): void {
  const p = new Problems();
  p.number('limit', o.limit, integerFrom(1, Infinity), true);
  p.number('windowMs', o.windowMs, positive, true);
  checkTimeOptions(p, o.clock, o.startMs);
  more?.(p);
  p.throwIfAny(owner);
}
