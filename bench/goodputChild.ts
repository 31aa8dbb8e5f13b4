// One contender of the goodput and limiter benchmarks in a fresh process: `goodputChild.ts
// <contender> <url> <capacity> <rows> <deadlineMs>` sends every row to the API and prints what
// it saw.
// Only the oracle is told the capacity. Every contender uses the same client: Node's fetch
// (undici, keep-alive by default), the same JSON payloads, the body always read to the end so
// the connection goes back to the pool.
import Bottleneck from 'bottleneck';
import pMap from 'p-map';
import pRetry from 'p-retry';
import { lastValueFrom, range, toArray } from 'rxjs';
import { loadPackage, percentile, report } from './common.js';
import { elspethPool } from './elspeth.js';

const POOL_SIZE = 32;

/**
 * A refusal (429 or 503), shaped as the package's default classification expects it: the status
 * and the response's headers, from which the pool reads Retry-After and the rate-limit fields
 * itself. `waitMs`, the wait the server asked for (retry-after-ms, else Retry-After), is for
 * Bottleneck, which must be handed a number.
 */
class Refused extends Error {
  readonly waitMs: number | undefined;
  constructor(
    readonly status: number,
    readonly headers: Headers,
    retryAfter: (value: string | null) => number | undefined,
  ) {
    super(`HTTP ${status}`);
    const ms = Number(headers.get('retry-after-ms') ?? NaN);
    this.waitMs = Number.isFinite(ms) && ms >= 0 ? ms : retryAfter(headers.get('retry-after'));
  }
}

/** A success: the body, and the headers a throttle may pace from (rate-limit fields). */
interface Answer {
  headers: Headers;
  body: string;
}

/** The hook through which the pool may take a success's headers, where it offers one. */
type HeaderReport = { reportHeaders?: (headers: Headers) => void };
const isCapacity = (error: unknown): boolean => error instanceof Refused;

export interface GoodputSample {
  name: string;
  rows: number;
  succeeded: number;
  calls: number;
  wallMs: number;
  /** Row latency from its first request to its success, ms. */
  p50Ms: number;
  p99Ms: number;
  finished: boolean;
  /** Successes of a row already done (each row must succeed exactly once). */
  duplicates: number;
  /** pooledMap only: one entry per row, in input order (undefined for the others). */
  inOrder?: boolean;
  /** Wall-clock span of the run, for runs of several processes at once. */
  startedAtEpochMs: number;
  endedAtEpochMs: number;
}

async function main(): Promise<void> {
  const [name = '', url = '', capacityArg = '', rowsArg = '', deadlineArg = ''] = process.argv.slice(2);
  const capacity = Number(capacityArg);
  const n = Number(rowsArg);
  const bodies = Array.from({ length: n }, (_, id) =>
    JSON.stringify({ id, text: `row ${id}: ${'lorem ipsum '.repeat(6)}` }),
  );
  const firstAt = new Float64Array(n).fill(NaN);
  const doneAt = new Float64Array(n).fill(NaN);
  let calls = 0;
  let duplicates = 0;
  const pkg = await loadPackage();
  const retryAfter = (value: string | null): number | undefined => pkg.parseRetryAfter(value);

  const attempt = async (i: number): Promise<Answer> => {
    if (Number.isNaN(firstAt[i])) firstAt[i] = performance.now();
    calls++;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[i] as string,
    });
    const body = await response.text();
    if (response.status === 200) {
      if (!Number.isNaN(doneAt[i])) duplicates++;
      doneAt[i] = performance.now();
      return { headers: response.headers, body };
    }
    throw new Refused(response.status, response.headers, retryAfter);
  };
  let inOrder: boolean | undefined;

  // Bottleneck retries a job when its `failed` handler returns a delay: here the Retry-After.
  const bottleneck = async (options: Bottleneck.ConstructorOptions): Promise<void> => {
    const limiter = new Bottleneck(options);
    limiter.on('failed', (error: unknown) => (error instanceof Refused ? (error.waitMs ?? 1000) : undefined));
    await Promise.all(Array.from({ length: n }, (_, i) => limiter.schedule(() => attempt(i))));
  };

  const contenders: Record<string, () => Promise<unknown>> = {
    // The package as a user would write it: default config, only the pool size set. A success
    // hands the pool its headers both ways a project may: as the result, and through the call
    // context's reportHeaders where the pool offers it.
    pooledMap: async () => {
      const call = async (i: number, ctx: object): Promise<Answer> => {
        const answer = await attempt(i);
        (ctx as HeaderReport).reportHeaders?.(answer.headers);
        return answer;
      };
      const entries = await lastValueFrom(
        range(0, n).pipe(pkg.pooledMap(call, { poolSize: POOL_SIZE }), toArray()),
      );
      inOrder = entries.length === n && entries.every((entry, k) => entry.submitIndex === k);
    },
    elspeth: () => elspethPool(n, attempt, isCapacity, { poolSize: POOL_SIZE }),
    // p-retry's defaults: 10 retries, exponential from 1 s, factor 2, no jitter. A row that runs
    // out of retries is given up (counted as not succeeded) rather than failing the whole run.
    'p-map + p-retry': () =>
      pMap(
        Array.from({ length: n }, (_, i) => i),
        (i) => pRetry(() => attempt(i)).catch(() => undefined),
        {
          concurrency: POOL_SIZE,
        },
      ),
    Bottleneck: () => bottleneck({ maxConcurrent: POOL_SIZE }),
    'Bottleneck oracle': () => bottleneck({ maxConcurrent: POOL_SIZE, minTime: 1000 / capacity }),
  };
  const run = contenders[name];
  if (run === undefined) throw new Error(`unknown contender ${name}`);

  const start = performance.now();
  // A contender that cannot finish in time is cut off and judged on what it did until then.
  const finished = await Promise.race([
    run().then(() => true),
    new Promise<boolean>((stop) => setTimeout(() => stop(false), Number(deadlineArg))),
  ]);
  const end = performance.now();
  const latencies: number[] = [];
  let last = start;
  for (let i = 0; i < n; i++) {
    const done = doneAt[i] as number;
    if (Number.isNaN(done)) continue;
    latencies.push(done - (firstAt[i] as number));
    last = Math.max(last, done);
  }
  const sample: GoodputSample = {
    name,
    rows: n,
    succeeded: latencies.length,
    calls,
    wallMs: (finished ? last : end) - start,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    finished,
    duplicates,
    inOrder,
    startedAtEpochMs: performance.timeOrigin + start,
    endedAtEpochMs: performance.timeOrigin + (finished ? last : end),
  };
  report(sample);
  process.exit(0); // a cut-off contender still has timers and sockets; they must not keep us alive
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
