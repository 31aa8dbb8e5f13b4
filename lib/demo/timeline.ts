// What the demo's chart and summary are drawn from: the pool's dispatch delay over time (from
// `pool.throttle.delay$`) and what the simulated API saw (its per-request event log and capacity
// timeline), both on the simulator's time axis so the series line up.
import { performance } from 'node:perf_hooks';
import type { Pool } from '../Pool.js';
import type { SimulatedApiEvents } from '../sim/EventLog.js';
import type { SimulatedApi } from '../sim/SimulatedApi.js';

export interface DelayPoint {
  /** Ms since the simulated API started. */
  tMs: number;
  /** The pool's AIMD dispatch delay from this moment on. */
  delayMs: number;
}

/** Requests the API received during [startMs, endMs). */
export interface Bucket {
  startMs: number;
  endMs: number;
  /** Admitted by the rate limiter: took a token (200, and the simulated 500/400 faults). */
  accepted: number;
  /** Refused for capacity: 429 (no token) or 503 (too many in flight). */
  rejected: number;
}

export interface CapacityStep {
  atMs: number;
  capacityPerSecond: number;
}

export interface TimelineData {
  durationMs: number;
  delay: readonly DelayPoint[];
  buckets: readonly Bucket[];
  capacity: readonly CapacityStep[];
}

export const BUCKET_MS = 1000;

const isRejection = (code: number): boolean => code === 429 || code === 503;
// 0 is a request still in flight; 405 and 413 are refused before the token bucket is consulted.
const isAdmission = (code: number): boolean =>
  code !== 0 && code !== 405 && code !== 413 && !isRejection(code);

/**
 * Counts the events per bucket of `bucketMs` over [0, durationMs). A last bucket shorter than half
 * a bucket is merged into the one before: as a rate it would be a spike or a dip made of noise.
 */
export function bucketEvents(events: SimulatedApiEvents, durationMs: number, bucketMs = BUCKET_MS): Bucket[] {
  const buckets: Bucket[] = [];
  for (let start = 0; start < durationMs; start += bucketMs) {
    const end = Math.min(start + bucketMs, durationMs);
    const last = buckets[buckets.length - 1];
    if (end - start < bucketMs / 2 && last) last.endMs = end;
    else buckets.push({ startMs: start, endMs: end, accepted: 0, rejected: 0 });
  }
  for (let i = 0; i < events.count; i += 1) {
    const t = events.tMs[i]!;
    const code = events.code[i]!;
    // Buckets are sorted and contiguous, so the index is found by arithmetic, clamped for the merge.
    const bucket = buckets[Math.min(Math.floor(t / bucketMs), buckets.length - 1)];
    if (!bucket || t >= durationMs) continue;
    if (isAdmission(code)) bucket.accepted += 1;
    else if (isRejection(code)) bucket.rejected += 1;
  }
  return buckets;
}

/** Figures of one capacity phase, for the printed summary. */
export interface PhaseFigures {
  startMs: number;
  endMs: number;
  capacityPerSecond: number;
  /** Admitted requests per second over the phase. */
  goodputPerSecond: number;
  requests: number;
  rejected: number;
}

/** Goodput and rejections in each phase of the capacity timeline (phases that never began are left out). */
export function phaseFigures(
  events: SimulatedApiEvents,
  capacity: readonly CapacityStep[],
  durationMs: number,
): PhaseFigures[] {
  const phases = capacity
    .map((step, i) => ({
      startMs: step.atMs,
      endMs: Math.min(capacity[i + 1]?.atMs ?? Infinity, durationMs),
      capacityPerSecond: step.capacityPerSecond,
      accepted: 0,
      requests: 0,
      rejected: 0,
    }))
    .filter((phase) => phase.endMs > phase.startMs);
  for (let i = 0; i < events.count; i += 1) {
    const t = events.tMs[i]!;
    const code = events.code[i]!;
    const phase = phases.find((p) => t >= p.startMs && t < p.endMs);
    if (!phase) continue;
    phase.requests += 1;
    if (isAdmission(code)) phase.accepted += 1;
    else if (isRejection(code)) phase.rejected += 1;
  }
  return phases.map(({ accepted, ...phase }) => ({
    ...phase,
    goodputPerSecond: accepted / ((phase.endMs - phase.startMs) / 1000),
  }));
}

export interface TimelineRecording {
  /** Stops listening and returns the data; call it once the pipeline is done. */
  stop(): TimelineData & { events: SimulatedApiEvents };
}

/**
 * Starts recording the delay of `pool` against the clock of `api`. The simulator timestamps
 * requests with its clock (performance.now by default, which the demo keeps) from its own start,
 * so the delay changes are stamped the same way: origin = now − the simulator's elapsed time.
 */
export function recordTimeline(pool: Pool, api: SimulatedApi): TimelineRecording {
  const origin = performance.now() - api.stats().elapsedMs;
  const delay: DelayPoint[] = [];
  // delay$ replays the current value on subscribe, so the series starts with the initial delay.
  const subscription = pool.throttle.delay$.subscribe((delayMs) => {
    delay.push({ tMs: performance.now() - origin, delayMs });
  });
  return {
    stop() {
      subscription.unsubscribe();
      const stats = api.stats();
      const durationMs = stats.elapsedMs;
      const capacity = stats.capacityTimeline.map(({ atMs, capacityPerSecond }) => ({
        atMs,
        capacityPerSecond,
      }));
      return {
        durationMs,
        delay,
        buckets: bucketEvents(stats.events, durationMs),
        capacity,
        events: stats.events,
      };
    },
  };
}
