// Benchmark 5, one quota and many processes: 1 to 4 worker processes (pool size 16 each,
// default config, told nothing of the limit) split the rows of one run against one simulated
// limit, each pacing alone or all sharing one gate through a real redis-server. Counts come from
// the server; each worker checks one entry per row, in order. The gate's cost per dispatch is
// counted in the workers: round trips to Redis and their time.
import { startRedisServer } from '../spec/helpers/redisServer.js';
import { fixed, loadPackage, runChild, stamp, table, updateReadme, writeResult } from './common.js';
import { LATENCY } from './limiterFamilies.js';
import type { SharedSample } from './sharedChild.js';
import type { LimiterOptions } from '../lib/node.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 200);
const WORKERS = [1, 2, 3, 4];
const LIMITERS: Record<string, LimiterOptions> = {
  'token bucket (burst C/10)': { kind: 'token-bucket', capacityPerSecond: CAPACITY, burst: CAPACITY / 10 },
  'fixed window 1 s': { kind: 'fixed-window', limit: CAPACITY, windowMs: 1000 },
};

interface Cell {
  limiter: string;
  workers: number;
  mode: 'alone' | 'shared';
  goodput: number;
  refused: number;
  wallS: number;
  ok: boolean;
  tripsPerDispatch: number;
  microsPerTrip: number;
  workersSeen: number;
}

async function measure(
  limiter: string,
  workers: number,
  mode: Cell['mode'],
  redisUrl: string,
): Promise<Cell> {
  const pkg = await loadPackage();
  const api = await pkg.startSimulatedApi({ latency: LATENCY, seed: 1, limiter: LIMITERS[limiter] });
  try {
    const rows = Math.round((SECONDS * CAPACITY) / workers);
    const gate = `bench-${process.pid}-${limiter.length}-${workers}`;
    const samples = await Promise.all(
      Array.from({ length: workers }, () =>
        runChild<SharedSample>('sharedChild.ts', [
          api.url,
          String(rows),
          mode === 'shared' ? redisUrl : '-',
          gate,
        ]),
      ),
    );
    const s = api.stats();
    const wallMs =
      Math.max(...samples.map((x) => x.endedAtEpochMs)) - Math.min(...samples.map((x) => x.startedAtEpochMs));
    const calls = samples.reduce((n, x) => n + x.calls, 0);
    const trips = samples.reduce((n, x) => n + x.roundTrips, 0);
    const refused = s.rejected429 + s.rejected503;
    return {
      limiter,
      workers,
      mode,
      goodput: s.accepted / (wallMs / 1000) / CAPACITY,
      refused: refused / (s.accepted + refused),
      wallS: wallMs / 1000,
      ok: samples.every((x) => x.inOrder && x.succeeded === x.rows),
      tripsPerDispatch: calls > 0 ? trips / calls : 0,
      microsPerTrip: trips > 0 ? samples.reduce((n, x) => n + x.gateMicros, 0) / trips : 0,
      workersSeen: Math.max(...samples.map((x) => x.workersSeen)),
    };
  } finally {
    await api.close();
  }
}

export async function shared(): Promise<void> {
  const redis = await startRedisServer();
  const cells: Cell[] = [];
  try {
    for (const limiter of Object.keys(LIMITERS)) {
      for (const workers of WORKERS) {
        for (const mode of ['alone', 'shared'] as const) {
          const cell = await measure(limiter, workers, mode, redis.url);
          cells.push(cell);
          console.log(JSON.stringify(cell));
        }
      }
    }
  } finally {
    await redis.stop();
  }
  writeResult('shared', { stamp: stamp(), capacity: CAPACITY, seconds: SECONDS, cells });
  const rows = cells.map((c) => [
    c.limiter,
    String(c.workers),
    c.mode,
    fixed(c.goodput, 2),
    `${fixed(c.refused * 100, 1)} %`,
    `${fixed(c.wallS, 1)} s`,
    c.mode === 'shared' ? fixed(c.tripsPerDispatch, 2) : '–',
    c.mode === 'shared' ? `${fixed(c.microsPerTrip, 0)} µs` : '–',
    c.ok ? 'yes' : '**no**',
  ]);
  updateReadme(
    'shared',
    `C = ${CAPACITY} requests/s, ${SECONDS * CAPACITY} rows split over the workers (ideal ${SECONDS} s); ` +
      `\`npm run bench -- shared\`.\n\n` +
      table(
        [
          'limiter',
          'workers',
          'gate',
          'goodput / C',
          'refused',
          'wall',
          'round trips / dispatch',
          'per round trip',
          'every row once, in order',
        ],
        rows,
      ),
  );
}
