// Helpers for the specs where several real `pooled-map` processes share one gate through a real
// redis-server, against one simulated API: start them, check their outputs, leave nothing behind.
import { expect } from 'chai';
import { join } from 'node:path';
import { simulatedResult } from '../../lib/sim/simulatedResult.js';
import { startSimulatedApi } from '../../lib/sim/startSimulatedApi.js';
import type { SimulatedApi } from '../../lib/sim/SimulatedApi.js';
import { startRedisServer, type RedisServer } from '../helpers/redisServer.js';
import { readRecords, removeTempDirs, rows, startCli, tempDir, writeLines, type CliRun } from './helpers.js';

export interface Fleet {
  redis: RedisServer;
  api: SimulatedApi;
  /** The input every worker reads: `count` rows. */
  input: string;
  /** Where worker `i` writes. */
  output(i: number): string;
  /** Starts worker `i` against the API through the gate in Redis (`extra`: more flags). */
  worker(i: number, extra?: readonly string[]): CliRun;
  /** Kills what is still running, stops the servers, removes the files. */
  close(): Promise<void>;
}

/**
 * A redis-server of its own (the spec fails, not skips, without redis-server), an API that admits
 * `capacityPerSecond`, and an input of `count` rows. Workers have a pool of 16 each.
 */
export async function startFleet(capacityPerSecond: number, count: number): Promise<Fleet> {
  const redis = await startRedisServer();
  const api = await startSimulatedApi({ capacityPerSecond, latency: { medianMs: 5, p99Ms: 20 } });
  const dir = tempDir();
  const input = writeLines(join(dir, 'in.ndjson'), rows(count));
  const output = (i: number): string => join(dir, `out${i}.ndjson`);
  const started: CliRun[] = [];
  return {
    redis,
    api,
    input,
    output,
    worker(i, extra = []) {
      const args = [
        '--url',
        api.url,
        '-i',
        input,
        '-o',
        output(i),
        '--pool-size',
        '16',
        '--redis',
        redis.url,
      ];
      const run = startCli([...args, ...extra]);
      started.push(run);
      return run;
    },
    async close() {
      for (const { child } of started) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await Promise.all(started.map((run) => run.exited));
      await Promise.all([redis.stop(), api.close()]);
      removeTempDirs();
    },
  };
}

/** Every row exactly once, in input order, each with the API's answer to that very row. */
export function expectEveryRowOnce(path: string, count: number): void {
  const written = readRecords(path);
  expect(written.map((record) => record.index)).to.deep.equal(Array.from({ length: count }, (_, i) => i));
  written.forEach((record, i) => {
    expect(record, `row ${i}`).to.include({ ok: true });
    expect(record.response).to.deep.equal(simulatedResult({ id: i }));
  });
}

/** Lines of `text` that match `pattern`: "said once" means exactly one. */
export function linesMatching(text: string, pattern: RegExp): string[] {
  return text.split('\n').filter((line) => pattern.test(line));
}
