// Validates the `limiter`, `headers` and `retryAfterFormat` options of startSimulatedApi, with the
// same wording as every other option: name, rule, value received.
import { RATE_LIMIT_HEADERS, type RateLimitHeaders, type ResolvedLimiter } from './LimiterOptions.js';
import { Problems, atLeastOne, integerFrom, isObject, positive, show, type Fields } from './Problems.js';
import { SIMULATED_API_DEFAULTS as D, defaultBurst } from './SimulatedApiOptions.js';

type Single = Exclude<ResolvedLimiter, { kind: 'multi' }>;

const KINDS = ['token-bucket', 'fixed-window', 'sliding-log', 'sliding-counter', 'multi'];
const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

const KNOWN: Record<string, readonly string[]> = {
  'token-bucket': ['kind', 'capacityPerSecond', 'burst'],
  'fixed-window': ['kind', 'limit', 'windowMs'],
  'sliding-log': ['kind', 'limit', 'windowMs', 'countRefused'],
  'sliding-counter': ['kind', 'limit', 'windowMs', 'countRefused'],
  multi: ['kind', 'limits'],
};

/** One limiter that is not `multi`; undefined when invalid (the problems are recorded). */
function resolveSingle(p: Problems, name: string, value: Fields): Single | undefined {
  const before = p.list.length;
  const kind = value.kind as string;
  p.unknownKeys(`${name}.`, value, KNOWN[kind]!);
  if (kind === 'token-bucket') {
    const capacityPerSecond = p.number(`${name}.capacityPerSecond`, value.capacityPerSecond, positive, true);
    const burst = p.number(`${name}.burst`, value.burst, atLeastOne);
    if (p.list.length > before || capacityPerSecond === undefined) return undefined;
    return { kind, capacityPerSecond, burst: burst ?? defaultBurst(capacityPerSecond) };
  }
  const limit = p.number(`${name}.limit`, value.limit, integerFrom(1, Infinity), true);
  const windowMs = p.number(`${name}.windowMs`, value.windowMs, positive, true);
  const countRefused = p.boolean(`${name}.countRefused`, value.countRefused) ?? false;
  if (p.list.length > before || limit === undefined || windowMs === undefined) return undefined;
  const window = kind as 'fixed-window' | 'sliding-log' | 'sliding-counter';
  return { kind: window, limit, windowMs, countRefused };
}

function kindOf(p: Problems, name: string, value: unknown, kinds: readonly string[]): Fields | undefined {
  if (!isObject(value)) {
    p.add(true, `${name} must be an object { kind, … } (received ${show(value)})`);
    return undefined;
  }
  if (typeof value.kind === 'string' && kinds.includes(value.kind)) return value;
  p.add(
    typeof value.kind !== 'string',
    `${name}.kind must be one of ${quoted(kinds)} (received ${show(value.kind)})`,
  );
  return undefined;
}

/** The `limiter` option resolved; undefined when it is absent or invalid. */
export function resolveLimiter(p: Problems, value: unknown): ResolvedLimiter | undefined {
  if (value === undefined) return undefined;
  const limiter = kindOf(p, 'limiter', value, KINDS);
  if (limiter === undefined) return undefined;
  if (limiter.kind !== 'multi') return resolveSingle(p, 'limiter', limiter);
  p.unknownKeys('limiter.', limiter, KNOWN.multi!);
  if (!Array.isArray(limiter.limits) || limiter.limits.length === 0) {
    const isType = !Array.isArray(limiter.limits);
    p.add(isType, `limiter.limits must be a non-empty array of limiters (received ${show(limiter.limits)})`);
    return undefined;
  }
  const limits = (limiter.limits as unknown[]).map((member, i) => {
    const name = `limiter.limits[${i}]`;
    const fields = kindOf(p, name, member, KINDS.slice(0, -1));
    return fields === undefined ? undefined : resolveSingle(p, name, fields);
  });
  return limits.every((l) => l !== undefined) ? { kind: 'multi', limits } : undefined;
}

/** The headers to send: `headers` as given, plus 'retry-after' for the older `retryAfter: true`. */
export function resolveHeaders(p: Problems, value: unknown, retryAfter: boolean): RateLimitHeaders[] {
  const headers: RateLimitHeaders[] = retryAfter ? ['retry-after'] : [];
  if (value === undefined) return headers;
  if (!Array.isArray(value)) {
    p.add(true, `headers must be an array of ${quoted(RATE_LIMIT_HEADERS)} (received ${show(value)})`);
    return headers;
  }
  value.forEach((header: unknown, i) => {
    if (!RATE_LIMIT_HEADERS.includes(header as RateLimitHeaders)) {
      const rule = `one of ${quoted(RATE_LIMIT_HEADERS)}`;
      p.add(typeof header !== 'string', `headers[${i}] must be ${rule} (received ${show(header)})`);
    } else if (!headers.includes(header as RateLimitHeaders)) headers.push(header as RateLimitHeaders);
  });
  return headers;
}

export function resolveRetryAfterFormat(p: Problems, value: unknown): 'seconds' | 'http-date' {
  if (value === undefined || value === 'seconds' || value === 'http-date') return value ?? 'seconds';
  p.add(
    typeof value !== 'string',
    `retryAfterFormat must be 'seconds' or 'http-date' (received ${show(value)})`,
  );
  return 'seconds';
}

/** The sustained rate a limiter allows, and the most it admits at once from idle. */
export function sustainedRate(limiter: ResolvedLimiter): { capacityPerSecond: number; burst: number } {
  if (limiter.kind === 'token-bucket')
    return { capacityPerSecond: limiter.capacityPerSecond, burst: limiter.burst };
  if (limiter.kind !== 'multi') {
    return { capacityPerSecond: (limiter.limit * 1000) / limiter.windowMs, burst: limiter.limit };
  }
  const members = limiter.limits.map(sustainedRate);
  return {
    capacityPerSecond: Math.min(...members.map((m) => m.capacityPerSecond)),
    burst: Math.min(...members.map((m) => m.burst)),
  };
}

/**
 * The limiter: `limiter` if given (then capacityPerSecond and burst must not be, and
 * capacityChange only with a token bucket), else the token bucket of capacityPerSecond and burst.
 */
export function resolveBucketOrLimiter(p: Problems, o: Fields): ResolvedLimiter {
  const capacityPerSecond = p.number('capacityPerSecond', o.capacityPerSecond, positive);
  const burst = p.number('burst', o.burst, atLeastOne);
  const limiter = resolveLimiter(p, o.limiter);
  if (o.limiter !== undefined) {
    for (const name of ['capacityPerSecond', 'burst'].filter((n) => o[n] !== undefined)) {
      p.add(
        false,
        `${name} cannot be combined with limiter (give the limiter its own rate: limiter.${name})`,
      );
    }
    const kind = isObject(o.limiter) ? o.limiter.kind : undefined;
    if (o.capacityChange !== undefined && kind !== 'token-bucket') {
      p.add(false, `capacityChange needs a token bucket (received limiter.kind ${show(kind)})`);
    }
  }
  const rate = capacityPerSecond ?? D.capacityPerSecond;
  return limiter ?? { kind: 'token-bucket', capacityPerSecond: rate, burst: burst ?? defaultBurst(rate) };
}
