// Options of the simulated rate-limited API: what a caller may pass, and the fully resolved form
// the server runs on once defaults are applied and every value has been validated.
import type { LimiterOptions, RateLimitHeaders, ResolvedLimiter } from './LimiterOptions.js';

/** Service time of admitted requests: log-normal with this median and 99th percentile. */
export interface LatencyOptions {
  /** Median service time in ms (default 20; 0 = answer without delay). */
  medianMs?: number;
  /** 99th-percentile service time in ms, at least the median (default 4 × medianMs). */
  p99Ms?: number;
}

/** A scheduled change of the limit, to show a client re-adapting mid-run. */
export interface CapacityChange {
  /** When the change happens, in ms after the server started (by the injected clock). */
  atMs: number;
  /** The new sustained rate, requests per second. */
  capacityPerSecond: number;
  /** The new burst; default: the burst in force before the change. */
  burst?: number;
}

export interface SimulatedApiOptions {
  /**
   * The rate limiter (default: a token bucket of capacityPerSecond and burst). With a limiter,
   * give no capacityPerSecond or burst; capacityChange works with a token bucket only.
   */
  limiter?: LimiterOptions;
  /** Response headers to send (default none; `retryAfter: true` adds 'retry-after'). */
  headers?: readonly RateLimitHeaders[];
  /** How Retry-After says when: whole seconds rounded up (default) or an HTTP date. */
  retryAfterFormat?: 'seconds' | 'http-date';
  /** Epoch milliseconds (default Date.now): HTTP dates and the legacy X-RateLimit-Reset read it. */
  wallClock?: () => number;
  /** Sustained requests per second admitted by the token bucket (default 100). */
  capacityPerSecond?: number;
  /** Bucket size: requests an idle client may send back to back (default capacity / 10, at least 1). */
  burst?: number;
  /** Whether 429s carry Retry-After: the same as listing 'retry-after' in headers (default false). */
  retryAfter?: boolean;
  /** Requests served at once; one more is answered 503 at once, without taking a token (default: no limit). */
  maxConcurrent?: number;
  /** Service-time distribution of admitted requests (default median 20 ms, p99 80 ms). */
  latency?: LatencyOptions;
  /** Seed of the PRNG behind latencies and simulated faults (default 1): same seed, same run. */
  seed?: number;
  /** Probability that an admitted request answers 500 (retryable) after its latency (default 0). */
  errorRate500?: number;
  /** Probability that an admitted request answers 400 (permanent) after its latency (default 0). */
  errorRate400?: number;
  /** Scheduled capacity changes, one or several (default none). */
  capacityChange?: CapacityChange | readonly CapacityChange[];
  /** Milliseconds, monotonic (default performance.now); drives the bucket and capacityChange. */
  clock?: () => number;
  /** TCP port (default 0: an ephemeral port, read it from `url`). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: loopback only). */
  host?: string;
  /** Whether stats() records one event per request, ~10 bytes each (default true). */
  recordEvents?: boolean;
  /** Largest request body accepted; larger ones get 413 without taking a token (default 1 MiB). */
  maxBodyBytes?: number;
}

/** A point of the capacity timeline: from `atMs` on, the bucket runs at this rate and burst. */
export interface CapacityPoint {
  atMs: number;
  capacityPerSecond: number;
  burst: number;
}

export interface ResolvedSimulatedApiOptions {
  limiter: ResolvedLimiter;
  /**
   * The initial capacity at atMs 0, then every scheduled change, sorted by time. For a limiter
   * other than the token bucket, one point: its sustained rate and the most it admits at once.
   */
  capacityTimeline: readonly CapacityPoint[];
  headers: readonly RateLimitHeaders[];
  retryAfterFormat: 'seconds' | 'http-date';
  wallClock: () => number;
  /** Infinity when there is no limit. */
  maxConcurrent: number;
  latency: Required<LatencyOptions>;
  seed: number;
  errorRate500: number;
  errorRate400: number;
  clock: () => number;
  port: number;
  host: string;
  recordEvents: boolean;
  maxBodyBytes: number;
}

export const SIMULATED_API_DEFAULTS = {
  capacityPerSecond: 100,
  retryAfter: false,
  retryAfterFormat: 'seconds',
  latency: { medianMs: 20, p99Ms: 80 },
  seed: 1,
  errorRate500: 0,
  errorRate400: 0,
  port: 0,
  host: '127.0.0.1',
  recordEvents: true,
  maxBodyBytes: 1024 * 1024,
} as const;

/** The default burst for a capacity: a tenth of a second's worth, never less than one request. */
export const defaultBurst = (capacityPerSecond: number): number => Math.max(1, capacityPerSecond / 10);
