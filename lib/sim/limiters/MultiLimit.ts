// Several limits at once, as LLM APIs enforce them (10 per second and 300 per minute, say): a
// request is admitted only if every limit admits it, and then counts against all of them. A
// request one limit refuses takes nothing from the others; it counts against the limits that
// refused it if they count refusals (a sliding log with countRefused), as it would there alone.
import { Problems, show } from '../Problems.js';
import type { LimitState, Limiter } from './Limiter.js';

export interface MultiLimitOptions {
  /** The limits, each admitting on its own terms (at least one). */
  limiters: readonly Limiter[];
}

const isLimiter = (value: unknown): value is Limiter =>
  typeof value === 'object' &&
  value !== null &&
  ['tryTake', 'msUntilAvailable', 'state'].every(
    (method) => typeof (value as Record<string, unknown>)[method] === 'function',
  );

export class MultiLimit implements Limiter {
  readonly limiters: readonly Limiter[];

  constructor({ limiters }: MultiLimitOptions) {
    const p = new Problems();
    if (!Array.isArray(limiters) || limiters.length === 0) {
      p.add(!Array.isArray(limiters), `limiters must be a non-empty array (received ${show(limiters)})`);
    } else {
      limiters.forEach((limiter: unknown, i) => {
        if (!isLimiter(limiter)) {
          p.add(
            true,
            `limiters[${i}] must be a limiter with tryTake, msUntilAvailable and state (received ${show(limiter)})`,
          );
        }
      });
    }
    p.throwIfAny('MultiLimit');
    this.limiters = [...limiters];
  }

  tryTake(now: number): boolean {
    const refusing = this.limiters.filter((limiter) => limiter.msUntilAvailable(now) > 0);
    // Only the refusing limits see a refused request, so only they may count it.
    for (const limiter of refusing.length > 0 ? refusing : this.limiters) limiter.tryTake(now);
    return refusing.length === 0;
  }

  /** The longest wait: no limit ever needs longer for being waited on, so all admit by then. */
  msUntilAvailable(now: number): number {
    return Math.max(...this.limiters.map((limiter) => limiter.msUntilAvailable(now)));
  }

  /** Every limit's state, in the order given: what IETF draft-8 headers list one by one. */
  states(now: number): LimitState[] {
    return this.limiters.map((limiter) => limiter.state(now));
  }

  /**
   * The most constraining limit: the one whose remaining requests, spread until its reset, allow
   * the lowest rate; among exhausted ones, the one that stays exhausted longest.
   */
  state(now: number): LimitState {
    const rate = (s: LimitState): number => s.remaining / Math.max(s.resetMs, 1);
    return this.states(now).reduce((most, s) =>
      rate(s) < rate(most) || (rate(s) === rate(most) && s.resetMs > most.resetMs) ? s : most,
    );
  }
}
