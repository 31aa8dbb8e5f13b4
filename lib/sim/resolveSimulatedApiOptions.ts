// Validates the options of startSimulatedApi and applies the defaults. Every problem is collected
// before throwing, so a caller fixes a bad configuration in one go rather than one error per run.
import { performance } from 'node:perf_hooks';
import {
  SIMULATED_API_DEFAULTS as D,
  type CapacityPoint,
  type LatencyOptions,
  type ResolvedSimulatedApiOptions,
  type SimulatedApiOptions,
} from './SimulatedApiOptions.js';
import {
  Problems,
  atLeastOne,
  integerFrom,
  isObject,
  nonNegative,
  positive,
  probability,
  show,
  type Fields,
} from './Problems.js';
import {
  resolveHeaders,
  resolveBucketOrLimiter,
  resolveRetryAfterFormat,
  sustainedRate,
} from './resolveLimiterOptions.js';

// Typed against the interface, so an option added there without being listed here fails to compile.
const OPTION_NAMES = Object.keys({
  limiter: 1,
  headers: 1,
  retryAfterFormat: 1,
  wallClock: 1,
  capacityPerSecond: 1,
  burst: 1,
  retryAfter: 1,
  maxConcurrent: 1,
  latency: 1,
  seed: 1,
  errorRate500: 1,
  errorRate400: 1,
  capacityChange: 1,
  clock: 1,
  port: 1,
  host: 1,
  recordEvents: 1,
  maxBodyBytes: 1,
} satisfies Record<keyof SimulatedApiOptions, 1>);

function resolveLatency(p: Problems, value: unknown): Required<LatencyOptions> {
  if (value === undefined) return { ...D.latency };
  if (!isObject(value)) {
    p.add(true, `latency must be an object { medianMs?, p99Ms? } (received ${show(value)})`);
    return { ...D.latency };
  }
  p.unknownKeys('latency.', value, ['medianMs', 'p99Ms']);
  const before = p.list.length;
  const medianMs = p.number('latency.medianMs', value.medianMs, nonNegative) ?? D.latency.medianMs;
  const p99Ms = p.number('latency.p99Ms', value.p99Ms, nonNegative) ?? 4 * medianMs;
  if (p.list.length === before && (p99Ms < medianMs || (medianMs === 0 && p99Ms > 0))) {
    const rule = medianMs === 0 ? '0 when latency.medianMs is 0' : 'at least latency.medianMs';
    p.add(false, `latency.p99Ms must be ${rule} (received p99Ms ${p99Ms}, medianMs ${medianMs})`);
  }
  return { medianMs, p99Ms };
}

/** The initial point at atMs 0, then the changes sorted by time, each burst defaulting to the last. */
function resolveTimeline(p: Problems, value: unknown, initial: CapacityPoint): CapacityPoint[] {
  if (value === undefined) return [Object.freeze(initial)];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const changes: { atMs: number; capacityPerSecond: number; burst: number | undefined }[] = [];
  list.forEach((change, i) => {
    const name = Array.isArray(value) ? `capacityChange[${i}]` : 'capacityChange';
    if (!isObject(change)) {
      const shape = 'an object { atMs, capacityPerSecond, burst? }';
      return p.add(true, `${name} must be ${shape} (received ${show(change)})`);
    }
    p.unknownKeys(`${name}.`, change, ['atMs', 'capacityPerSecond', 'burst']);
    const atMs = p.number(`${name}.atMs`, change.atMs, nonNegative, true);
    const capacityPerSecond = p.number(`${name}.capacityPerSecond`, change.capacityPerSecond, positive, true);
    const burst = p.number(`${name}.burst`, change.burst, atLeastOne);
    if (atMs !== undefined && capacityPerSecond !== undefined)
      changes.push({ atMs, capacityPerSecond, burst });
  });
  const timeline = [Object.freeze(initial)];
  for (const change of changes.sort((a, b) => a.atMs - b.atMs)) {
    const previousBurst = timeline[timeline.length - 1]!.burst;
    timeline.push(Object.freeze({ ...change, burst: change.burst ?? previousBurst }));
  }
  return timeline;
}

/** Validates `options` (undefined means all defaults) and returns them resolved; throws on any problem. */
export function resolveSimulatedApiOptions(options: unknown): ResolvedSimulatedApiOptions {
  const o = options ?? {};
  if (!isObject(o)) throw new TypeError(`startSimulatedApi: options must be an object (received ${show(o)})`);
  const p = new Problems();
  const resolved = resolveInto(p, o);
  p.throwIfAny('startSimulatedApi');
  return resolved;
}

/** Every problem with `options`, one line each (none: startSimulatedApi accepts them). */
export function simulatedApiProblems(options: SimulatedApiOptions): string[] {
  const p = new Problems();
  resolveInto(p, options as Fields);
  return p.list;
}

function resolveInto(p: Problems, o: Fields): ResolvedSimulatedApiOptions {
  p.unknownKeys('', o, OPTION_NAMES);
  const limiter = resolveBucketOrLimiter(p, o);
  const errorRate500 = p.number('errorRate500', o.errorRate500, probability) ?? D.errorRate500;
  const errorRate400 = p.number('errorRate400', o.errorRate400, probability) ?? D.errorRate400;
  if (errorRate500 + errorRate400 > 1) {
    p.add(
      false,
      `errorRate500 + errorRate400 must be at most 1 (received ${errorRate500} + ${errorRate400})`,
    );
  }
  for (const name of ['clock', 'wallClock']) {
    if (o[name] !== undefined && typeof o[name] !== 'function') {
      p.add(true, `${name} must be a function returning milliseconds (received ${show(o[name])})`);
    }
  }
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) {
    p.add(typeof o.host !== 'string', `host must be a non-empty string (received ${show(o.host)})`);
  }
  const resolved: ResolvedSimulatedApiOptions = {
    limiter,
    capacityTimeline: Object.freeze(
      resolveTimeline(p, o.capacityChange, { atMs: 0, ...sustainedRate(limiter) }),
    ),
    headers: Object.freeze(
      resolveHeaders(p, o.headers, p.boolean('retryAfter', o.retryAfter) ?? D.retryAfter),
    ),
    retryAfterFormat: resolveRetryAfterFormat(p, o.retryAfterFormat),
    wallClock: typeof o.wallClock === 'function' ? (o.wallClock as () => number) : () => Date.now(),
    maxConcurrent: p.number('maxConcurrent', o.maxConcurrent, integerFrom(1, Infinity)) ?? Infinity,
    latency: resolveLatency(p, o.latency),
    seed: p.number('seed', o.seed, integerFrom(0, 2 ** 32 - 1)) ?? D.seed,
    errorRate500,
    errorRate400,
    clock: typeof o.clock === 'function' ? (o.clock as () => number) : () => performance.now(),
    port: p.number('port', o.port, integerFrom(0, 65535)) ?? D.port,
    host: typeof o.host === 'string' && o.host !== '' ? o.host : D.host,
    recordEvents: p.boolean('recordEvents', o.recordEvents) ?? D.recordEvents,
    maxBodyBytes: p.number('maxBodyBytes', o.maxBodyBytes, integerFrom(1, Infinity)) ?? D.maxBodyBytes,
  };
  return resolved;
}
