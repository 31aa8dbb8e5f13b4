// What to say about an argument commander could not place: an unknown option (with the nearest
// known flag, since a typo is the usual cause) or a stray operand.
import { renderValue } from '../config/renderValue.js';

/** One problem line for `arg`; `knownFlags` are the long flags, e.g. "--pool-size". */
export function extraArgumentProblem(arg: string, knownFlags: readonly string[]): string {
  if (!arg.startsWith('-') || arg === '-') {
    return `unexpected argument ${renderValue(arg)} (give the input with --input, or on stdin)`;
  }
  const name = arg.split('=')[0]!;
  const near = knownFlags.find((long) => distance(long, name) <= 2);
  return `\`${name}\` is not a known option${near === undefined ? '' : ` (did you mean ${near}?)`}`;
}

/** Levenshtein distance, for "did you mean": flags are short, so the quadratic table is nothing. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
