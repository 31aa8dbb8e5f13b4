// The simulated API's choice of rate limiter and of the rate-limit headers it sends: the option
// shapes a caller passes and their resolved forms.

/** The token bucket (the default limiter): a sustained rate with a burst. */
export interface TokenBucketLimiterOptions {
  kind: 'token-bucket';
  /** Sustained requests per second. */
  capacityPerSecond: number;
  /** Bucket size (default capacity / 10, at least 1). */
  burst?: number;
}

/** A window limiter: at most `limit` requests per `windowMs`. */
export interface WindowLimiterOptions {
  /** fixed-window: windows end to end from the start; sliding-log: an exact log of the last
   *  windowMs; sliding-counter: the previous window's count weighed in (Cloudflare's estimate). */
  kind: 'fixed-window' | 'sliding-log' | 'sliding-counter';
  limit: number;
  windowMs: number;
  /** sliding-log and sliding-counter: whether refused requests count too (default false). */
  countRefused?: boolean;
}

/** Several limits at once (e.g. 10 per second and 300 per minute): admitted only if all admit. */
export interface MultiLimiterOptions {
  kind: 'multi';
  limits: readonly (TokenBucketLimiterOptions | WindowLimiterOptions)[];
}

export type LimiterOptions = TokenBucketLimiterOptions | WindowLimiterOptions | MultiLimiterOptions;

/** A limiter with every default applied. */
export type ResolvedLimiter =
  | Required<TokenBucketLimiterOptions>
  | Required<WindowLimiterOptions>
  | {
      kind: 'multi';
      limits: readonly (Required<TokenBucketLimiterOptions> | Required<WindowLimiterOptions>)[];
    };

/**
 * Response headers the simulated API can send. Retry-After and retry-after-ms go on 429s; the
 * others describe the quota on every 200 and 429: `draft-6`, `draft-7`, `draft-8` the IETF
 * RateLimit fields as express-rate-limit's `standardHeaders` emits them, `legacy` its
 * X-RateLimit-Limit/Remaining/Reset, `openai` x-ratelimit-limit/remaining/reset-requests.
 */
export const RATE_LIMIT_HEADERS = [
  'retry-after',
  'retry-after-ms',
  'draft-6',
  'draft-7',
  'draft-8',
  'legacy',
  'openai',
] as const;
export type RateLimitHeaders = (typeof RATE_LIMIT_HEADERS)[number];
