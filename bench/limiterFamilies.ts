// The limiter families of the limiter benchmark at a capacity C (the sustained requests/s each
// allows), and the server of each: the simulated API, or express-rate-limit on a real server.
import type { Limiter, LimiterOptions, RateLimitHeaders, SimulatedApiOptions } from '../lib/node.js';
import { loadPackage } from './common.js';
import { startExpressRateLimit } from './expressServer.js';

/** A running server, counted on its own side. */
export interface LimitServer {
  url: string;
  /** Epoch ms at which the windows start, or 'first-request' where they start with the first one. */
  windowOrigin: number | 'first-request';
  counts(): { accepted: number; refused: number };
  close(): Promise<void>;
}

export interface Family {
  name: string;
  /** What the family is at capacity C, for the table. */
  describe(capacity: number): string;
  /**
   * Starts a server sending `headers`; undefined when this server cannot send that set (the
   * cell is skipped, not faked).
   */
  start(capacity: number, headers: readonly RateLimitHeaders[]): Promise<LimitServer | undefined>;
  /**
   * The fastest any client could finish `rows` rows starting `offsetMs` after the windows began
   * (a client that arrives late in a window meets it with its quota whole): the greedy schedule
   * on the family's model.
   */
  idealMs(capacity: number, rows: number, offsetMs: number): Promise<number>;
}

/** Service time of an admitted request, as in the goodput benchmark. */
export const LATENCY = { medianMs: 50, p99Ms: 200 };
/** Mean of that log-normal: median × e^(σ²/2), σ = ln(p99 / median) / z₀.₉₉. */
const MEAN_LATENCY_MS =
  LATENCY.medianMs * Math.exp((Math.log(LATENCY.p99Ms / LATENCY.medianMs) / 2.3263) ** 2 / 2);

type Pkg = Awaited<ReturnType<typeof loadPackage>>;

function model(pkg: Pkg, spec: LimiterOptions): Limiter {
  switch (spec.kind) {
    case 'token-bucket':
      return new pkg.TokenBucket({ capacityPerSecond: spec.capacityPerSecond, burst: spec.burst ?? 1 });
    case 'fixed-window':
      return new pkg.FixedWindow({ limit: spec.limit, windowMs: spec.windowMs, startMs: 0 });
    case 'sliding-log':
      return new pkg.SlidingWindowLog({ ...spec, startMs: 0 });
    case 'sliding-counter':
      return new pkg.SlidingWindowCounter({ ...spec, startMs: 0 });
    case 'multi':
      return new pkg.MultiLimit({ limiters: spec.limits.map((member) => model(pkg, member)) });
  }
}

/** How long after `fromMs` the last of `rows` requests could be admitted, plus a median answer. */
function greedyMs(limiter: Limiter, rows: number, fromMs: number): number {
  let t = fromMs;
  for (let k = 0; k < rows; k++) {
    t += limiter.msUntilAvailable(t);
    limiter.tryTake(t);
  }
  return t - fromMs + LATENCY.medianMs;
}

/** The simulated API with `options`, counted from its stats. */
async function simServer(options: SimulatedApiOptions): Promise<LimitServer> {
  const pkg = await loadPackage();
  // The simulator's windows start when it does: within a millisecond of this reading.
  const windowOrigin = Date.now();
  const api = await pkg.startSimulatedApi({ latency: LATENCY, seed: 1, ...options });
  const counts = () => {
    const s = api.stats();
    return { accepted: s.accepted, refused: s.rejected429 + s.rejected503 };
  };
  return { url: api.url, windowOrigin, counts, close: () => api.close() };
}

function simulated(name: string, spec: (c: number) => LimiterOptions, text: (c: number) => string): Family {
  return {
    name,
    describe: text,
    start: (capacity, headers) => simServer({ limiter: spec(capacity), headers }),
    idealMs: async (capacity, rows, offsetMs) =>
      greedyMs(model(await loadPackage(), spec(capacity)), rows, offsetMs),
  };
}

/** Requests served at once that give C requests/s at the mean latency. */
const slots = (capacity: number): number => Math.max(1, Math.round((capacity * MEAN_LATENCY_MS) / 1000));

export const FAMILIES: readonly Family[] = [
  simulated(
    'token-bucket',
    (c) => ({ kind: 'token-bucket', capacityPerSecond: c, burst: c / 10 }),
    (c) => `${c}/s, burst ${c / 10}`,
  ),
  simulated(
    'fixed-window-1s',
    (c) => ({ kind: 'fixed-window', limit: c, windowMs: 1000 }),
    (c) => `${c} per 1 s`,
  ),
  simulated(
    'fixed-window-10s',
    (c) => ({ kind: 'fixed-window', limit: 10 * c, windowMs: 10_000 }),
    (c) => `${10 * c} per 10 s`,
  ),
  simulated(
    'sliding-log',
    (c) => ({ kind: 'sliding-log', limit: c, windowMs: 1000, countRefused: true }),
    (c) => `${c} in any 1 s, refusals count`,
  ),
  simulated(
    'sliding-counter',
    (c) => ({ kind: 'sliding-counter', limit: c, windowMs: 1000 }),
    (c) => `${c} per 1 s, weighted`,
  ),
  simulated(
    'multi',
    (c) => ({
      kind: 'multi',
      limits: [
        { kind: 'fixed-window', limit: 2 * c, windowMs: 1000 },
        { kind: 'fixed-window', limit: 5 * c, windowMs: 5000 },
      ],
    }),
    (c) => `${2 * c} per 1 s and ${5 * c} per 5 s`,
  ),
  {
    // A token bucket that never binds; the limit is maxConcurrent (503s), C at the mean latency.
    ...simulated(
      'concurrency',
      (c) => ({ kind: 'token-bucket', capacityPerSecond: 100 * c, burst: 10 * c }),
      (c) => `${slots(c)} at once (503)`,
    ),
    start: (capacity, headers) =>
      simServer({ capacityPerSecond: 100 * capacity, maxConcurrent: slots(capacity), headers }),
    idealMs: async (capacity, rows) => (rows * MEAN_LATENCY_MS) / slots(capacity),
  },
  {
    name: 'express-rate-limit',
    describe: (c) => `${c} per 1 s (MemoryStore)`,
    start: async (capacity, headers) => {
      // It sends Retry-After whenever it sends any header, and knows no other convention.
      const drafts = headers.filter((h) => h.startsWith('draft-')) as ('draft-6' | 'draft-7' | 'draft-8')[];
      const legacyHeaders = headers.includes('legacy');
      const expressible = headers.every(
        (h) => h.startsWith('draft-') || h === 'legacy' || h === 'retry-after',
      );
      const any = drafts.length > 0 || legacyHeaders;
      if (!expressible || drafts.length > 1 || headers.includes('retry-after') !== any) return undefined;
      const standardHeaders = drafts[0] ?? false;
      return startExpressRateLimit({
        limit: capacity,
        windowMs: 1000,
        standardHeaders,
        legacyHeaders,
        latency: LATENCY,
      });
    },
    idealMs: async (capacity, rows) =>
      greedyMs(
        model(await loadPackage(), { kind: 'fixed-window', limit: capacity, windowMs: 1000 }),
        rows,
        0,
      ),
  },
];
