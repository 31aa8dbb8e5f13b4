// What to say about an argument commander could not place: an unknown option (with the nearest
// known flag, since a typo is the usual cause) or a stray operand.
import { nearestName } from '../config/nearestName.js';
import { renderValue } from '../config/renderValue.js';

/** One problem line for `arg`; `knownFlags` are the long flags, e.g. "--pool-size". */
export function extraArgumentProblem(arg: string, knownFlags: readonly string[]): string {
  if (!arg.startsWith('-') || arg === '-') {
    return `unexpected argument ${renderValue(arg)} (give the input with --input, or on stdin)`;
  }
  const name = arg.split('=')[0]!;
  const near = nearestName(name, knownFlags);
  return `\`${name}\` is not a known option${near === undefined ? '' : ` (did you mean ${near}?)`}`;
}
