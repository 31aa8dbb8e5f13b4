// pooled-map-sim's limiter flags: which belong to which --limiter, and the limiter option they make.
import { renderValue } from '../config/renderValue.js';
import { parseLimits } from './parseLimits.js';
import { numberValue, type Raw } from './flagValues.js';
import * as R from './Problems.js';
import type { SimulatedApiOptions } from './SimulatedApiOptions.js';

export const KINDS = ['token-bucket', 'fixed-window', 'sliding-log', 'sliding-counter', 'multi'] as const;
export type Kind = (typeof KINDS)[number];
const WINDOW_FLAGS = ['--limit', '--window-ms'];
/** The flags that set up each kind of limiter: any other limiter flag is a mistake. */
const LIMITER_FLAGS: Record<Kind, readonly string[]> = {
  'token-bucket': ['--capacity', '--burst', '--change-at', '--change-to'],
  'fixed-window': WINDOW_FLAGS,
  'sliding-log': [...WINDOW_FLAGS, '--count-refused'],
  'sliding-counter': [...WINDOW_FLAGS, '--count-refused'],
  multi: ['--limits'],
};
const REQUIRED: Partial<Record<Kind, readonly string[]>> = {
  'fixed-window': WINDOW_FLAGS,
  'sliding-log': WINDOW_FLAGS,
  'sliding-counter': WINDOW_FLAGS,
  multi: ['--limits'],
};
const ALL_LIMITER_FLAGS = [...new Set(Object.values(LIMITER_FLAGS).flat())];

/** A problem for each flag that is not this limiter's, and for each it needs and lacks. */
export function checkLimiterFlags(kind: Kind, given: (flag: string) => boolean, problems: string[]): void {
  if (!KINDS.includes(kind)) {
    problems.push(`\`--limiter\` must be one of ${KINDS.join(', ')}, received ${renderValue(kind)}`);
    return;
  }
  for (const flag of ALL_LIMITER_FLAGS.filter((f) => given(f) && !LIMITER_FLAGS[kind].includes(f))) {
    problems.push(`\`${flag}\` does not apply to --limiter ${kind}`);
  }
  for (const flag of (REQUIRED[kind] ?? []).filter((f) => !given(f))) {
    problems.push(`\`--limiter ${kind}\` needs \`${flag}\``);
  }
}

/** The limiter options the flags describe (none for a token bucket: capacityPerSecond, burst). */
export function limiterOptions(
  kind: Kind,
  raw: Raw,
  number: (flag: string, rule: R.Rule) => number | undefined,
  problems: string[],
): SimulatedApiOptions {
  if (kind === 'multi') {
    const limits = typeof raw.limits === 'string' ? parseLimits(raw.limits, problems) : [];
    return limits.length > 0 ? { limiter: { kind, limits } } : {};
  }
  if (kind !== 'token-bucket') {
    const limit = number('--limit', R.integerFrom(1, Infinity));
    const windowMs = number('--window-ms', R.positive);
    const countRefused = raw.countRefused === true;
    if (limit === undefined || windowMs === undefined || !KINDS.includes(kind)) return {};
    return { limiter: { kind, limit, windowMs, ...(countRefused ? { countRefused } : {}) } };
  }
  const changeAt = ((raw.changeAt as string[] | undefined) ?? []).map((v) =>
    numberValue('--change-at', v, R.nonNegative, problems),
  );
  const changeTo = ((raw.changeTo as string[] | undefined) ?? []).map((v) =>
    numberValue('--change-to', v, R.positive, problems),
  );
  if (changeAt.length !== changeTo.length) {
    problems.push(
      `\`--change-at\` and \`--change-to\` must come in pairs, received ${changeAt.length} and ${changeTo.length}`,
    );
  }
  return {
    capacityPerSecond: number('--capacity', R.positive),
    burst: number('--burst', R.atLeastOne),
    capacityChange: changeAt.map((atMs, i) => ({ atMs: atMs ?? 0, capacityPerSecond: changeTo[i] ?? 1 })),
  };
}
