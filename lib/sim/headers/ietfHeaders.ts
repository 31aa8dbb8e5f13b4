// The quota headers express-rate-limit (v7, v8) sends, value for value, so a client tuned
// against the simulator meets the same fields from a real server: the IETF RateLimit drafts 6, 7
// and 8 (its `standardHeaders`) and the X-RateLimit-* fields (its `legacyHeaders`).
import { createHash } from 'node:crypto';
import type { LimitState } from '../limiters/Limiter.js';

// Rounded up, as express-rate-limit does with its whole milliseconds; the 1e-9 keeps float noise
// from the limiters' time arithmetic (1000.0000000000001 ms) from adding a whole second.
const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000 - 1e-9));

/** Draft 6: four fields. */
export function draft6(s: LimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `${s.limit};w=${seconds(s.windowMs)}`,
    'RateLimit-Limit': String(s.limit),
    'RateLimit-Remaining': String(s.remaining),
    'RateLimit-Reset': String(seconds(s.resetMs)),
  };
}

/** Draft 7: the policy, and one structured field for the quota. */
export function draft7(s: LimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `${s.limit};w=${seconds(s.windowMs)}`,
    RateLimit: `limit=${s.limit}, remaining=${s.remaining}, reset=${seconds(s.resetMs)}`,
  };
}

/**
 * Draft 8: one list item per policy, named as express-rate-limit names it ("50-in-1sec"), the
 * policy carrying the partition key (a hash of the client key, by default the client's address).
 */
export function draft8(states: readonly LimitState[], clientKey: string): Record<string, string> {
  const pk = Buffer.from(createHash('sha256').update(clientKey).digest('hex').slice(0, 12)).toString(
    'base64',
  );
  return {
    RateLimit: states.map((s) => `"${policyName(s)}"; r=${s.remaining}; t=${seconds(s.resetMs)}`).join(', '),
    'RateLimit-Policy': states
      .map((s) => `"${policyName(s)}"; q=${s.limit}; w=${seconds(s.windowMs)}; pk=:${pk}:`)
      .join(', '),
  };
}

/** Legacy: the reset as the epoch second at which the window resets, rounded up. */
export function legacy(s: LimitState, wallNowMs: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(s.limit),
    'X-RateLimit-Remaining': String(s.remaining),
    'X-RateLimit-Reset': String(Math.ceil((wallNowMs + s.resetMs) / 1000 - 1e-9)),
  };
}

/** express-rate-limit's default identifier: the limit, then the window in its largest unit. */
function policyName({ limit, windowMs }: LimitState): string {
  const [secs, mins, hours, days] = [1000, 60_000, 3_600_000, 86_400_000].map((unit) => windowMs / unit);
  if (secs! < 60) return `${limit}-in-${secs}sec`;
  if (mins! < 60) return `${limit}-in-${mins}min`;
  if (hours! < 24) return `${limit}-in-${hours}hr${hours! > 1 ? 's' : ''}`;
  return `${limit}-in-${days}day${days! > 1 ? 's' : ''}`;
}
