// Assembles the rate-limit headers the simulated API was asked to send on one answer: the quota
// fields on every 200 and 429, Retry-After and retry-after-ms on 429s only.
import type { RateLimitHeaders } from '../LimiterOptions.js';
import type { LimitState } from '../limiters/Limiter.js';
import { goDuration } from './goDuration.js';
import { draft6, draft7, draft8, legacy } from './ietfHeaders.js';

export interface HeaderMoment {
  /** The quota after this request, of the most constraining limit. */
  state: LimitState;
  /** Every limit's quota, for draft-8's list (one item for a single limit). */
  states: readonly LimitState[];
  /** For a 429: ms until a request would be admitted; undefined for an admitted request. */
  waitMs: number | undefined;
  wallNowMs: number;
  /** Who the quota belongs to (draft-8's partition key hashes it). */
  clientKey: string;
}

export function rateLimitHeaders(
  wanted: readonly RateLimitHeaders[],
  retryAfterFormat: 'seconds' | 'http-date',
  m: HeaderMoment,
): Record<string, string> | undefined {
  if (wanted.length === 0) return undefined;
  const { state } = m;
  const headers: Record<string, string> = {};
  for (const kind of wanted) {
    if (kind === 'draft-6') Object.assign(headers, draft6(state));
    else if (kind === 'draft-7') Object.assign(headers, draft7(state));
    else if (kind === 'draft-8') Object.assign(headers, draft8(m.states, m.clientKey));
    else if (kind === 'legacy') Object.assign(headers, legacy(state, m.wallNowMs));
    else if (kind === 'openai') {
      headers['x-ratelimit-limit-requests'] = String(state.limit);
      headers['x-ratelimit-remaining-requests'] = String(state.remaining);
      headers['x-ratelimit-reset-requests'] = goDuration(state.resetMs);
    } else if (m.waitMs !== undefined) {
      if (kind === 'retry-after-ms') headers['retry-after-ms'] = String(Math.ceil(m.waitMs - 1e-9));
      else headers['Retry-After'] = retryAfter(m.waitMs, retryAfterFormat, m.wallNowMs);
    }
  }
  return headers;
}

function retryAfter(waitMs: number, format: 'seconds' | 'http-date', wallNowMs: number): string {
  // The tolerance keeps float noise (4000.0000001 ms) from rounding a whole second up.
  if (format === 'seconds') return String(Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)));
  // An HTTP date has whole seconds: the first one at or after the moment a request is admitted.
  return new Date(Math.ceil((wallNowMs + waitMs) / 1000 - 1e-9) * 1000).toUTCString();
}
