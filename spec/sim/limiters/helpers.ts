// Helpers shared by the limiter specs: requests at given times in virtual time.
import type { Limiter } from '../../../lib/sim/limiters/Limiter.js';

/** Offers one request at each time, in order; returns which were admitted. */
export function admittedAt(limiter: Limiter, times: readonly number[]): boolean[] {
  return times.map((t) => limiter.tryTake(t));
}

/** Offers a request every `stepMs` from `from` to before `to`; returns how many were admitted. */
export function admittedOver(limiter: Limiter, from: number, to: number, stepMs: number): number {
  let admitted = 0;
  for (let t = from; t < to; t += stepMs) if (limiter.tryTake(t)) admitted++;
  return admitted;
}
