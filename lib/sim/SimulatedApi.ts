// The handle startSimulatedApi returns, and the counters it reports: the public shapes a test,
// a benchmark or a chart reads.
import type { SimulatedApiEvents } from './EventLog.js';
import type { ResolvedLimiter } from './LimiterOptions.js';
import type { CapacityPoint } from './SimulatedApiOptions.js';

export interface SimulatedApiStats {
  /** Ms since the server started, by the injected clock. */
  elapsedMs: number;
  /** Answered 200 with a result. */
  accepted: number;
  /** Refused by the rate limiter. */
  rejected429: number;
  /** Refused because maxConcurrent requests were being served. */
  rejected503: number;
  /** Admitted, then answered a simulated 500 (retryable). */
  failed500: number;
  /** Admitted, then answered 400: a simulated permanent error or a body that is not JSON. */
  failed400: number;
  /** Refused before admission for protocol reasons: 405 (not POST) or 413 (body too large). */
  rejectedOther: number;
  /** Admitted and not yet answered (waiting out their latency). */
  inFlight: number;
  /** The most requests in flight at once since the start. */
  maxInFlight: number;
  /** The sustained rate in force now (a window limiter's limit per second; the lowest of several). */
  capacityPerSecond: number;
  /** The burst in force now (a window limiter's limit: what an idle client may send at once). */
  burst: number;
  /** The limiter, with every default applied. */
  limiter: ResolvedLimiter;
  /** The whole capacity schedule: the initial point at atMs 0, then each change (a chart's limit line). */
  capacityTimeline: readonly CapacityPoint[];
  /** Per-request arrival times and codes (empty when recordEvents is false). */
  events: SimulatedApiEvents;
}

export interface SimulatedApi {
  /** Base URL, e.g. http://127.0.0.1:41234/ — POST a JSON row to it (any path is served). */
  url: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /**
   * Stops accepting connections, answers requests still waiting out their latency at once (so
   * teardown never waits on a latency tail), closes keep-alive connections, and resolves once the
   * port is free. Calling it again returns the same promise.
   */
  close(): Promise<void>;
  /** A snapshot of the counters (and a copy of the events). */
  stats(): SimulatedApiStats;
}
