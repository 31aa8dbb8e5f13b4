import { headerValue } from '../errors/headerValue.js';

/**
 * What a response's rate-limit headers say, in one form whatever the convention. Every field is
 * optional: servers send some and not others.
 */
export interface RateLimitHint {
  /** Requests allowed per `windowMs` (a policy), for the most constraining policy given. */
  readonly quota?: number;
  readonly windowMs?: number;
  /** Requests left before the quota resets, and the time until it does, in ms. */
  readonly remaining?: number;
  readonly resetMs?: number;
  /** 1000 when the reset came in whole seconds (a wait of 20 ms may read "1"), else 0. */
  readonly resolutionMs: number;
}

/**
 * Reads rate-limit headers in any of the conventions servers use today:
 *
 * - IETF draft-8: `RateLimit: "name"; r=49; t=1` and `RateLimit-Policy: "name"; q=50; w=1`, each
 *   possibly listing several limits;
 * - IETF draft-7: `RateLimit: limit=50, remaining=49, reset=1` and `RateLimit-Policy: 50;w=1`;
 * - IETF draft-6: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds), and the
 *   same policy;
 * - `X-RateLimit-Limit`, `-Remaining`, `-Reset` (seconds, or a Unix time in seconds);
 * - OpenAI's `x-ratelimit-limit-requests`, `-remaining-requests`, `-reset-requests` (`6m0s`, `20ms`).
 *
 * `headers` is a `Headers`, axios' headers or a plain record; `nowMs` is wall-clock time, for a
 * Unix-time reset. `undefined` when no such header is present.
 */
export function parseRateLimitHeaders(headers: unknown, nowMs: number): RateLimitHint | undefined {
  const get = (name: string): string | undefined => headerValue(headers, name);
  const policy = tightestPolicy(get('ratelimit-policy'));
  const state =
    rateLimitField(get('ratelimit')) ??
    numbers(get('ratelimit-remaining'), get('ratelimit-reset'), 1000) ??
    legacy(get('x-ratelimit-remaining'), get('x-ratelimit-reset'), nowMs) ??
    openAi(get('x-ratelimit-remaining-requests'), get('x-ratelimit-reset-requests'));
  const limit = positive(
    get('ratelimit-limit') ?? get('x-ratelimit-limit') ?? get('x-ratelimit-limit-requests'),
  );
  if (policy === undefined && state === undefined && limit === undefined) return undefined;
  return {
    ...(policy ?? (limit !== undefined ? { quota: limit } : {})),
    ...state,
    resolutionMs: state?.resolutionMs ?? 0,
  };
}

type State = { remaining?: number; resetMs?: number; resolutionMs: number };

/** `50;w=1` (draft-6/7) or `"name"; q=50; w=1, "other"; q=300; w=60` (draft-8). */
function tightestPolicy(value: string | undefined): { quota: number; windowMs: number } | undefined {
  let best: { quota: number; windowMs: number } | undefined;
  for (const item of splitList(value)) {
    const params = parameters(item);
    const quota = positive(params.get('q') ?? params.get(''));
    const seconds = positive(params.get('w'));
    if (quota === undefined || seconds === undefined) continue;
    const windowMs = seconds * 1000;
    if (best === undefined || windowMs / quota > best.windowMs / best.quota) best = { quota, windowMs };
  }
  return best;
}

/** `limit=50, remaining=49, reset=1` (draft-7) or `"name"; r=49; t=1` items (draft-8). */
function rateLimitField(value: string | undefined): State | undefined {
  if (value === undefined) return undefined;
  if (/\bremaining=/.test(value)) {
    const params = parameters(value.replace(/,/g, ';'));
    return numbers(params.get('remaining'), params.get('reset'), 1000);
  }
  // Several limits: the one that leaves the fewest requests per remaining second binds.
  let best: State | undefined;
  for (const item of splitList(value)) {
    const params = parameters(item);
    const state = numbers(params.get('r'), params.get('t'), 1000);
    if (state?.remaining === undefined) continue;
    if (best === undefined || perRequest(state) > perRequest(best)) best = state;
  }
  return best;
}

function numbers(
  remaining: string | undefined,
  resetSeconds: string | undefined,
  unitMs: number,
): State | undefined {
  const left = count(remaining);
  const reset = count(resetSeconds);
  if (left === undefined && reset === undefined) return undefined;
  return {
    ...(left !== undefined ? { remaining: left } : {}),
    ...(reset !== undefined ? { resetMs: reset * unitMs } : {}),
    resolutionMs: reset !== undefined ? 1000 : 0,
  };
}

/** `X-RateLimit-Reset` is a delay in seconds for some servers, a Unix time for others (GitHub). */
function legacy(remaining: string | undefined, reset: string | undefined, nowMs: number): State | undefined {
  const state = numbers(remaining, reset, 1000);
  if (state?.resetMs !== undefined && state.resetMs > UNIX_TIME_MS) {
    return { ...state, resetMs: Math.max(0, state.resetMs - nowMs) };
  }
  return state;
}

/** OpenAI: remaining as a count, reset as a Go duration (`1s`, `6m0s`, `20ms`, `1h2m3.5s`). */
function openAi(remaining: string | undefined, reset: string | undefined): State | undefined {
  const left = count(remaining);
  const resetMs = reset === undefined ? undefined : goDuration(reset);
  if (left === undefined && resetMs === undefined) return undefined;
  return {
    ...(left !== undefined ? { remaining: left } : {}),
    ...(resetMs !== undefined ? { resetMs } : {}),
    resolutionMs: 0,
  };
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 1e-6,
};

function goDuration(text: string): number | undefined {
  const parts = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/.test(text.trim())
    ? text.trim().match(/\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns)/g)
    : null;
  if (parts === null) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(.+)$/.exec(part) as RegExpExecArray;
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return total;
}

/** Items of a structured-field list, split at commas outside quotes. */
function splitList(value: string | undefined): string[] {
  return value === undefined ? [] : (value.match(/(?:"[^"]*"|[^,])+/g) ?? []).map((item) => item.trim());
}

/** `key=value` parameters of one item, separated by `;`; a bare number is stored under ''. */
function parameters(item: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of item.split(';')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (value === undefined) {
      if (key !== undefined && /^\d/.test(key)) params.set('', key);
    } else if (key !== undefined) {
      params.set(key.toLowerCase(), value);
    }
  }
  return params;
}

const perRequest = (state: State): number =>
  state.remaining === 0 ? Infinity : (state.resetMs ?? 0) / (state.remaining ?? 1);

const UNIX_TIME_MS = 1e12; // 2001 in ms: no delay-in-seconds header is that long

function count(value: string | undefined): number | undefined {
  const text = value?.trim();
  return text !== undefined && /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function positive(value: string | undefined): number | undefined {
  const n = count(value);
  return n !== undefined && n > 0 ? n : undefined;
}
