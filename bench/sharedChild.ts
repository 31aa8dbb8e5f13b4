// One worker of the shared-gate benchmark in a fresh process: `sharedChild.ts <url> <rows>
// <redisUrl|-> <gate>` sends its rows through a pool (size 16, default config) that shares the
// gate through Redis, or paces alone with '-', and prints what it saw, including what the gate
// cost: round trips to Redis and the time they took.
import { join } from 'node:path';
import { lastValueFrom, range, toArray } from 'rxjs';
import { createClient } from 'redis';
import type * as RedisEntry from '../lib/redis.js';
import type { GateStore, SyncRequest } from '../lib/index.js';
import { loadPackage, PACKAGE_DIR, report } from './common.js';

export interface SharedSample {
  rows: number;
  succeeded: number;
  inOrder: boolean;
  calls: number;
  startedAtEpochMs: number;
  endedAtEpochMs: number;
  roundTrips: number;
  /** Total time spent in the store's round trips, µs. */
  gateMicros: number;
  workersSeen: number;
}

/** Counts and times every round trip of a store. */
function timed(store: GateStore, tally: { trips: number; micros: number }): GateStore {
  return {
    async sync(gate: string, request: SyncRequest) {
      const start = process.hrtime.bigint();
      try {
        return await store.sync(gate, request);
      } finally {
        tally.trips++;
        tally.micros += Number(process.hrtime.bigint() - start) / 1000;
      }
    },
  };
}

async function main(): Promise<void> {
  const [url = '', rowsArg = '0', redisUrl = '-', gate = 'bench'] = process.argv.slice(2);
  const rows = Number(rowsArg);
  const pkg = await loadPackage();
  const redisEntry = (await import(join(PACKAGE_DIR, 'redis.js'))) as typeof RedisEntry;
  const tally = { trips: 0, micros: 0 };
  const client = redisUrl === '-' ? undefined : createClient({ url: redisUrl, disableOfflineQueue: true });
  await client?.connect();
  const sharedGate =
    client === undefined
      ? undefined
      : {
          store: timed(new redisEntry.RedisGateStore(client), tally),
          name: gate,
        };
  const pool = new pkg.Pool({ poolSize: 16, sharedGate });
  let calls = 0;
  const startedAtEpochMs = Date.now();
  const entries = await lastValueFrom(
    range(0, rows).pipe(
      pool.map(async (row: number, ctx) => {
        calls++;
        const response = await fetch(url, {
          method: 'POST',
          body: JSON.stringify({ row }),
          signal: ctx.signal,
        });
        const body = await response.text();
        if (!response.ok)
          throw Object.assign(new Error(`HTTP ${response.status}`), {
            status: response.status,
            headers: response.headers,
          });
        return body;
      }),
      toArray(),
    ),
  );
  const endedAtEpochMs = Date.now();
  const workersSeen = pool.stats().shared?.workers ?? 1;
  await client?.quit();
  report({
    rows,
    succeeded: entries.filter(pkg.isOk).length,
    inOrder: entries.every((entry, i) => entry.submitIndex === i),
    calls,
    startedAtEpochMs,
    endedAtEpochMs,
    roundTrips: tally.trips,
    gateMicros: tally.micros,
    workersSeen,
  } satisfies SharedSample);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
