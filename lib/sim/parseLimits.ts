// The `--limits` flag of pooled-map-sim: several limits in one word, comma-separated, each
// `kind:limit/windowMs[:count-refused]` or `token-bucket:capacity[/burst]`.
import { renderValue } from '../config/renderValue.js';
import type { TokenBucketLimiterOptions, WindowLimiterOptions } from './LimiterOptions.js';

type Member = TokenBucketLimiterOptions | WindowLimiterOptions;
const WINDOW_KINDS = ['fixed-window', 'sliding-log', 'sliding-counter'];
const SHAPE = 'kind:limit/windowMs[:count-refused] or token-bucket:capacity[/burst]';

/** The limits, or [] with a problem per malformed item (values are checked with the options). */
export function parseLimits(text: string, problems: string[]): Member[] {
  const members: Member[] = [];
  text.split(',').forEach((item, i) => {
    const member = parseItem(item.trim());
    if (member === undefined) {
      problems.push(`\`--limits\` item ${i + 1} must look like ${SHAPE}, received ${renderValue(item)}`);
    } else members.push(member);
  });
  return members.length === text.split(',').length ? members : [];
}

function parseItem(item: string): Member | undefined {
  const [kind = '', numbers = '', flag, ...rest] = item.split(':');
  const [a, b, ...more] = numbers.split('/').map((n) => (n.trim() === '' ? NaN : Number(n)));
  if (rest.length > 0 || more.length > 0 || !Number.isFinite(a)) return undefined;
  if (kind === 'token-bucket') {
    if (flag !== undefined || (b !== undefined && !Number.isFinite(b))) return undefined;
    return { kind, capacityPerSecond: a!, ...(b === undefined ? {} : { burst: b }) };
  }
  const countRefused = flag === 'count-refused' && kind !== 'fixed-window';
  if (!WINDOW_KINDS.includes(kind) || !Number.isFinite(b) || (flag !== undefined && !countRefused)) {
    return undefined;
  }
  const window = kind as WindowLimiterOptions['kind'];
  return { kind: window, limit: a!, windowMs: b!, ...(countRefused ? { countRefused } : {}) };
}
