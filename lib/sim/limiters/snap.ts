// Limiters add and weigh fractions (0.1 token per ms at 100/s, 0.3 of last window's count); summed
// in binary floating point they can land at 0.9999999999 where the exact value is 1, which would
// turn a due request into a 429. Snapping values within 1e-9 of an integer keeps long runs exact.
const SNAP = 1e-9;

export const snap = (x: number): number => {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) < SNAP ? nearest : x;
};
